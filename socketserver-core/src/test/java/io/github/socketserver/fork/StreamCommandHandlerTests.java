package io.github.socketserver.fork;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.socketserver.BaseServer;
import io.github.socketserver.Loopback;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.UnixStreamServer;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link StreamCommandHandler}: a connection joined to a real program's
 * standard input and output, as inetd does.
 */
@Timeout(60)
class StreamCommandHandlerTests {

	@TempDir
	Path directory;

	private final ChildRecorder recorder = new ChildRecorder();

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tcp4", "tcp6", "unix" })
	void echoesThroughCatOnEveryStreamFamily(String family) throws IOException {
		assumeTrue(!family.equals("tcp6") || Loopback.ipv6Available(), "IPv6 loopback is not available");
		try (BaseServer<?> server = server(family, ChildCommand.of("cat")); Serving serving = Serving.start(server)) {
			for (int client = 0; client < 3; client++) {
				try (SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
					connection.send("hello " + client + " over " + family + "\n");
					assertThat(connection.readLine()).isEqualTo("hello " + client + " over " + family);
					connection.send("second line\n");
					assertThat(connection.readLine()).isEqualTo("second line");
					connection.shutdownOutput();
					assertThat(connection.readToEnd()).isEmpty();
				}
			}
			this.recorder.awaitAllExited();
			assertThat(this.recorder.started).hasSize(3);
			assertThat(this.recorder.exits.values()).containsOnly(new ChildRecorder.Exit(0, false));
			assertThat(this.recorder.errors).isEmpty();
		}
		this.recorder.assertNoChildLeft();
	}

	@Test
	void deliversTheOutputLeftWhenTheClientHalfCloses() throws IOException {
		try (BaseServer<?> server = server("tcp4", ChildCommand.of("tr", "a-z", "A-Z"));
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			byte[] text = "abc".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
			connection.send(text);
			connection.shutdownOutput();
			assertThat(new String(connection.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("ABC".repeat(100_000));
		}
	}

	@Test
	void failsTheRequestWhenTheChildExitsNonZeroAfterDeliveringItsOutput() throws IOException {
		ChildCommand command = ChildCommand.of("sh", "-c", "cat; exit 3");
		try (BaseServer<?> server = server("tcp4", command);
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			connection.send("before failing\n");
			connection.shutdownOutput();
			assertThat(connection.readLine()).isEqualTo("before failing");
			assertThat(connection.readToEnd()).isEmpty();
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.recorder.errors.isEmpty());
			assertThat(this.recorder.errors).singleElement()
				.isInstanceOfSatisfying(ChildExitException.class, (ex) -> assertThat(ex.exitCode()).isEqualTo(3));
			assertThat(this.recorder.exits.values()).containsExactly(new ChildRecorder.Exit(3, false));
		}
	}

	@Test
	void endsTheConnectionWhenAChildThatNeverReadsExits() throws IOException {
		try (BaseServer<?> server = server("tcp4", ChildCommand.of("echo", "no input wanted"));
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			connection.send("ignored\n");
			assertThat(connection.readLine()).isEqualTo("no input wanted");
			assertThat(connection.readToEnd()).isEmpty();
			this.recorder.awaitAllExited();
			assertThat(this.recorder.exits.values()).containsExactly(new ChildRecorder.Exit(0, false));
		}
	}

	/**
	 * A child that leaves a background process holding its output: the connection ends
	 * when the child exits (the JDK closes the child's pipe then), not when the
	 * background process does, and the background process is killed with the request.
	 */
	@Test
	void endsTheConnectionWhenTheChildExitsThoughABackgroundProcessHoldsItsOutput() throws IOException {
		ChildCommand command = ChildCommand.of("sh", "-c", "sleep 60 & echo $!; exit 0");
		long background = -1;
		try (BaseServer<?> server = server("tcp4", command);
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			background = Long.parseLong(connection.readLine().trim());
			assertThat(connection.readToEnd()).isEmpty();
			this.recorder.awaitAllExited();
			assertThat(this.recorder.exits.values()).containsExactly(new ChildRecorder.Exit(0, false));
			ChildLeftovers.awaitGone(background);
			ChildLeftovers.awaitNoStreamThread();
		}
		finally {
			if (background > 0) {
				ProcessHandle.of(background).ifPresent(ProcessHandle::destroyForcibly);
			}
		}
	}

	/**
	 * A background process that keeps writing, with no time limit: the output ends soon
	 * after the command exited all the same (the JDK ends a child's output once it has
	 * exited and no read is under way), the connection ends, and the writer is killed.
	 * The ticks read are bounded: a connection held by the writer would pass the bound.
	 */
	@Test
	void endsTheConnectionTwoSecondsAfterTheCommandExitedThoughABackgroundProcessKeepsWriting() throws IOException {
		ChildCommand command = ChildCommand.of("sh", "-c",
				"(while :; do echo tick; sleep 0.1; done) & echo $!; echo started; exit 0");
		long background = -1;
		try (BaseServer<?> server = server("tcp4", command);
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			// The background process may tick before the command prints its pid.
			int ticks = 0;
			String line = connection.readLine();
			while (line != null && !line.trim().matches("\\d+") && ticks < 300) {
				ticks++;
				line = connection.readLine();
			}
			assertThat(line).as("the pid of the background process").isNotNull();
			background = Long.parseLong(line.trim());
			line = connection.readLine();
			while (line != null && ticks < 300) {
				ticks++;
				line = connection.readLine();
			}
			assertThat(line).as("the line after %d lines of output", ticks).isNull();
			ChildLeftovers.awaitGone(background);
			this.recorder.awaitAllExited();
		}
		finally {
			if (background > 0) {
				ProcessHandle.of(background).ifPresent(ProcessHandle::destroyForcibly);
			}
		}
	}

	@Test
	void killsAChildPastItsTimeLimitAndClosesTheConnection() throws IOException {
		ChildCommand command = new ChildCommand(List.of("sh", "-c", "echo started; exec sleep 30"), null, Map.of(),
				Duration.ofMillis(500));
		try (BaseServer<?> server = server("tcp4", command);
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			assertThat(connection.readLine()).isEqualTo("started");
			long start = System.nanoTime();
			assertThat(connection.readToEnd()).isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.recorder.errors.isEmpty());
			assertThat(this.recorder.errors).singleElement().isInstanceOf(ChildTimeLimitException.class);
			assertThat(this.recorder.exits.values()).singleElement()
				.satisfies((exit) -> assertThat(exit.killed()).isTrue());
		}
		this.recorder.assertNoChildLeft();
	}

	/**
	 * The command exits while the copy of its output to a client that does not read is
	 * blocked (a background process it started filled the connection's buffers, the
	 * client's made small, during the second the command lives): the time limit still
	 * ends the request, closing the connection, and gives the child's place back.
	 */
	@Test
	void endsTheRequestWithinItsTimeLimitWhenTheClientDoesNotReadAfterTheCommandExited() throws IOException {
		Path pid = this.directory.resolve("writer.pid");
		ChildCommand command = new ChildCommand(
				List.of("sh", "-c", "head -c 200000000 /dev/zero & echo $! > '" + pid + "'; sleep 1"), null, Map.of(),
				Duration.ofSeconds(3));
		StreamCommandHandler handler = new StreamCommandHandler(command, this.recorder);
		try (BaseServer<?> server = server("tcp4", handler);
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			connection.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
			// The client reads nothing until the request has ended.
			await().atMost(Duration.ofSeconds(20)).until(() -> this.recorder.finished.get() == 1);
			assertThat(this.recorder.errors).singleElement().isInstanceOf(ChildTimeLimitException.class);
			assertThat(handler.activeChildren()).isEmpty();
			// What was in flight is delivered, then the connection ends.
			assertThat(connection.readToEnd()).containsOnly(0);
		}
		finally {
			DatagramCommandHandlerTests.killBackground(pid);
		}
	}

	/**
	 * A client that never reads, with no time limit: the connection's write timeout fails
	 * the copy, the child is killed and its place given back.
	 */
	@Test
	void endsTheRequestAtTheWriteTimeoutWhenTheClientNeverReads() throws IOException {
		StreamCommandHandler handler = new StreamCommandHandler(ChildCommand.of("yes"), this.recorder);
		ServerOptions options = options("tcp4").writeTimeout(Duration.ofSeconds(1)).build();
		try (BaseServer<?> server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), handler, options);
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			connection.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
			// The client reads nothing.
			await().atMost(Duration.ofSeconds(20)).until(() -> this.recorder.finished.get() == 1);
			assertThat(handler.activeChildren()).isEmpty();
			assertThat(this.recorder.errors).singleElement().isInstanceOf(IOException.class);
			assertThat(this.recorder.exits.values()).singleElement()
				.satisfies((exit) -> assertThat(exit.killed()).isTrue());
		}
		this.recorder.assertNoChildLeft();
	}

	@Test
	void killsAChildThatKeepsWritingWhenTheClientGoesAway() throws IOException {
		try (BaseServer<?> server = server("tcp4", ChildCommand.of("yes")); Serving serving = Serving.start(server)) {
			try (SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
				assertThat(connection.readLine()).isEqualTo("y");
				await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.started.size() == 1);
			}
			this.recorder.awaitAllExited();
			assertThat(this.recorder.exits.values()).singleElement()
				.satisfies((exit) -> assertThat(exit.killed()).isTrue());
			assertThat(this.recorder.errors).singleElement().isInstanceOf(IOException.class);
		}
		this.recorder.assertNoChildLeft();
	}

	@Test
	void givesTheChildTheClientAddressItsEnvironmentAndWorkingDirectory() throws IOException {
		ChildCommand command = new ChildCommand(
				List.of("sh", "-c",
						"echo \"$REMOTE_ADDR $REMOTE_PORT $TCPREMOTEIP $SOCKETSERVER_NAME $GREETING\"; pwd -P"),
				this.directory, Map.of("GREETING", "hi"), null);
		try (BaseServer<?> server = server("tcp4", command);
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			InetSocketAddress local = (InetSocketAddress) connection.localAddress();
			assertThat(connection.readLine()).isEqualTo("127.0.0.1 " + local.getPort() + " 127.0.0.1 fork-tcp4 hi");
			assertThat(connection.readLine()).isEqualTo(this.directory.toRealPath().toString());
		}
	}

	/**
	 * The JVM's environment may hold secrets (a database password, a token): a child gets
	 * only the few variables programs need, the configured ones and the client's address.
	 */
	@Test
	void givesTheChildAMinimalEnvironmentPlusTheConfiguredOne() throws IOException {
		Set<String> given = new HashSet<>(ChildEnvironment.MINIMAL);
		given.addAll(
				List.of("GREETING", "SOCKETSERVER_NAME", "REMOTE_ADDR", "REMOTE_PORT", "TCPREMOTEIP", "TCPREMOTEPORT"));
		assumeTrue(!given.containsAll(System.getenv().keySet()), "the JVM's environment holds nothing else");
		ChildCommand command = new ChildCommand(List.of("env"), null, Map.of("GREETING", "hi"), null);
		try (BaseServer<?> server = server("tcp4", command);
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			List<String> lines = connection.readToEndAsString().lines().toList();
			assertThat(lines).contains("GREETING=hi", "SOCKETSERVER_NAME=fork-tcp4");
			assertThat(lines).map((line) -> line.substring(0, line.indexOf('='))).isSubsetOf(given);
			if (System.getenv("PATH") != null) {
				assertThat(lines).contains("PATH=" + System.getenv("PATH"));
			}
		}
	}

	@Test
	void givesTheChildTheJvmEnvironmentWhenAskedTo() throws IOException {
		ChildCommand command = new ChildCommand(List.of("env"), null, Map.of("GREETING", "hi"), null, true);
		try (BaseServer<?> server = server("tcp4", command);
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			List<String> names = connection.readToEndAsString()
				.lines()
				.map((line) -> line.substring(0, line.indexOf('=')))
				.toList();
			assertThat(names).contains("GREETING")
				.containsAll(System.getenv()
					.keySet()
					.stream()
					.filter((name) -> !name.startsWith("TCPREMOTE") && !name.startsWith("REMOTE_"))
					.toList());
		}
	}

	/**
	 * A Unix client chooses the path it binds: it is no address a child may trust, nor
	 * print in a log, so the child gets none.
	 */
	@Test
	void givesTheChildNoAddressChosenByAUnixClient() throws IOException {
		ChildCommand command = ChildCommand.of("sh", "-c", "echo \"[${REMOTE_ADDR-unset}] [${REMOTE_PORT-unset}]\"");
		Path chosen = this.directory.resolve("chosen-by-client");
		try (BaseServer<?> server = server("unix", command);
				Serving serving = Serving.start(server);
				SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			client.bind(UnixDomainSocketAddress.of(chosen));
			client.connect(server.serverAddress());
			String line = new BufferedReader(
					new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8))
				.readLine();
			assertThat(line).isEqualTo("[unset] [unset]");
		}
	}

	/**
	 * A child that writes a megabyte to standard error with no line end: the line logged
	 * is cut to a bounded length, saying how much was left out.
	 */
	@Test
	void boundsTheLengthOfALineOfStandardErrorLogged() throws IOException {
		Logger logger = (Logger) LoggerFactory.getLogger(Children.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		ChildCommand command = ChildCommand.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x >&2; echo done");
		try (BaseServer<?> server = server("tcp4", command);
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			assertThat(connection.readLine()).isEqualTo("done");
			this.recorder.awaitAllExited();
			// The logging thread reads the megabyte to its end before it logs the line.
			await().atMost(Duration.ofSeconds(30)).until(() -> !appender.list.isEmpty());
			assertThat(appender.list).first().satisfies((event) -> {
				assertThat(event.getFormattedMessage()).contains("xxxx").hasSizeLessThan(2_000);
				assertThat(event.getFormattedMessage()).contains("more characters");
			});
		}
		finally {
			logger.detachAppender(appender);
		}
	}

	@Test
	void logsWhatTheChildWritesToStandardErrorWithTheServerName() throws IOException {
		Logger logger = (Logger) LoggerFactory.getLogger(Children.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try (BaseServer<?> server = server("tcp4", ChildCommand.of("sh", "-c", "echo 'something odd' >&2; cat"));
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			connection.send("fine\n");
			assertThat(connection.readLine()).isEqualTo("fine");
			await().atMost(Duration.ofSeconds(10)).until(() -> !appender.list.isEmpty());
			assertThat(appender.list).singleElement().satisfies((event) -> {
				assertThat(event.getLevel()).isEqualTo(Level.WARN);
				assertThat(event.getFormattedMessage()).startsWith("[fork-tcp4] sh (pid ").endsWith("): something odd");
			});
		}
		finally {
			logger.detachAppender(appender);
		}
	}

	@Test
	void failsTheRequestWhenTheProgramDoesNotExist() throws IOException {
		try (BaseServer<?> server = server("tcp4", ChildCommand.of(this.directory.resolve("missing").toString()));
				Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			assertThat(connection.readToEnd()).isEmpty();
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.recorder.errors.isEmpty());
			assertThat(this.recorder.errors).singleElement().isInstanceOf(IOException.class);
			assertThat(this.recorder.started).isEmpty();
		}
	}

	@Test
	void activeChildrenHoldsEachRunningChildFromItsStartUntilItIsReaped() throws IOException {
		StreamCommandHandler handler = new StreamCommandHandler(ChildCommand.of("cat"), this.recorder);
		assertThat(handler.activeChildren()).isEmpty();
		try (BaseServer<?> server = server("tcp4", handler);
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress());
				SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
			first.send("one\n");
			assertThat(first.readLine()).isEqualTo("one");
			second.send("two\n");
			assertThat(second.readLine()).isEqualTo("two");
			Set<Long> running = handler.activeChildren();
			assertThat(running).hasSize(2).containsExactlyInAnyOrderElementsOf(this.recorder.started);
			assertThat(running).allSatisfy((pid) -> assertThat(ProcessHandle.of(pid))
				.hasValueSatisfying((child) -> assertThat(child.parent().map(ProcessHandle::pid))
					.contains(ProcessHandle.current().pid())));
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> running.remove(running.iterator().next()));
			first.shutdownOutput();
			assertThat(first.readToEnd()).isEmpty();
			// A child is reported exited once it is reaped, and has then left the set.
			await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.exits.size() == 1);
			Set<Long> left = new HashSet<>(this.recorder.started);
			left.removeAll(this.recorder.exits.keySet());
			assertThat(handler.activeChildren()).isEqualTo(left).hasSize(1);
			assertThat(running).as("a snapshot").hasSize(2);
			second.shutdownOutput();
			assertThat(second.readToEnd()).isEmpty();
			this.recorder.awaitAllExited();
			assertThat(handler.activeChildren()).isEmpty();
		}
	}

	private BaseServer<?> server(String family, ChildCommand command) throws IOException {
		return server(family, new StreamCommandHandler(command, this.recorder));
	}

	private BaseServer<?> server(String family, StreamCommandHandler handler) throws IOException {
		ServerOptions options = options(family).build();
		return switch (family) {
			case "tcp4" -> new TcpServer(new InetSocketAddress("127.0.0.1", 0), handler, options);
			case "tcp6" -> new TcpServer(new InetSocketAddress("::1", 0), handler, options);
			case "unix" -> new UnixStreamServer(this.directory.resolve("fork.sock"), handler, options);
			default -> throw new IllegalArgumentException(family);
		};
	}

	private ServerOptions.Builder options(String family) {
		return ServerOptions.builder()
			.name("fork-" + family)
			.threading(Threading.fork(4, Duration.ofSeconds(10)))
			.listener(this.recorder);
	}

}
