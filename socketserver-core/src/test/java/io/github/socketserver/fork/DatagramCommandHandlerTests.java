package io.github.socketserver.fork;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.socketserver.BaseServer;
import io.github.socketserver.Loopback;
import io.github.socketserver.Serving;
import io.github.socketserver.UdpServer;
import io.github.socketserver.UnixDatagramServer;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link DatagramCommandHandler}: a datagram on a real program's standard
 * input, its standard output back as one reply datagram.
 */
@Timeout(60)
class DatagramCommandHandlerTests {

	@TempDir
	Path directory;

	private final ChildRecorder recorder = new ChildRecorder();

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "udp4", "udp6", "unix" })
	void echoesThroughCatOnEveryDatagramFamily(String family) throws IOException {
		assumeTrue(!family.equals("udp6") || Loopback.ipv6Available(), "IPv6 loopback is not available");
		try (BaseServer<?> server = server(family, ChildCommand.of("cat")); Serving serving = Serving.start(server)) {
			for (int client = 0; client < 3; client++) {
				String message = "datagram " + client + " over " + family;
				assertThat(exchange(server, message, client)).isEqualTo(message);
			}
			this.recorder.awaitAllExited();
			assertThat(this.recorder.started).hasSize(3);
			assertThat(this.recorder.exits.values()).containsOnly(new ChildRecorder.Exit(0, false));
		}
		this.recorder.assertNoChildLeft();
	}

	@Test
	void repliesWithWhatTrWrites() throws IOException {
		try (BaseServer<?> server = server("unix", ChildCommand.of("tr", "a-z", "A-Z"));
				Serving serving = Serving.start(server)) {
			assertThat(exchange(server, "shout this", 0)).isEqualTo("SHOUT THIS");
		}
	}

	@Test
	void sendsTheReplyAndFailsTheRequestWhenTheChildExitsNonZero() throws IOException {
		try (BaseServer<?> server = server("udp4", ChildCommand.of("sh", "-c", "cat; exit 7"));
				Serving serving = Serving.start(server)) {
			assertThat(exchange(server, "partial answer", 0)).isEqualTo("partial answer");
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.recorder.errors.isEmpty());
			assertThat(this.recorder.errors).singleElement()
				.isInstanceOfSatisfying(ChildExitException.class, (ex) -> assertThat(ex.exitCode()).isEqualTo(7));
			assertThat(this.recorder.exits.values()).containsExactly(new ChildRecorder.Exit(7, false));
		}
	}

	@Test
	void repliesForAChildThatNeverReadsItsInput() throws IOException {
		try (BaseServer<?> server = server("udp4", ChildCommand.of("echo", "pong"));
				Serving serving = Serving.start(server)) {
			assertThat(exchange(server, "x".repeat(60_000), 0)).isEqualTo("pong\n");
			this.recorder.awaitAllExited();
			assertThat(this.recorder.errors).isEmpty();
		}
	}

	@Test
	void killsAChildPastItsTimeLimitAndStillSendsWhatItWrote() throws IOException {
		ChildCommand command = new ChildCommand(List.of("sh", "-c", "echo early; exec sleep 30"), null, Map.of(),
				Duration.ofMillis(500));
		try (BaseServer<?> server = server("udp4", command); Serving serving = Serving.start(server)) {
			assertThat(exchange(server, "anything", 0)).isEqualTo("early\n");
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.recorder.errors.isEmpty());
			assertThat(this.recorder.errors).singleElement().isInstanceOf(ChildTimeLimitException.class);
			assertThat(this.recorder.exits.values()).singleElement()
				.satisfies((exit) -> assertThat(exit.killed()).isTrue());
		}
		this.recorder.assertNoChildLeft();
	}

	/**
	 * A command that exits after a second but leaves a background process holding its
	 * standard output, while the server waits to read more of it (when the command exits
	 * before the server reads, the JDK ends the output itself): the reply and the child's
	 * slot are held by nothing beyond the time limit, so the request ends then, with what
	 * was written.
	 */
	@Test
	void endsTheRequestWithinItsTimeLimitThoughABackgroundProcessHoldsTheOutput() throws IOException {
		Path pid = this.directory.resolve("background.pid");
		ChildCommand command = new ChildCommand(
				List.of("sh", "-c", "echo hi; sleep 300 & echo $! > '" + pid + "'; sleep 1"), null, Map.of(),
				Duration.ofSeconds(2));
		DatagramCommandHandler handler = new DatagramCommandHandler(command, this.recorder);
		try (BaseServer<?> server = server("udp4", handler);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send("anything");
			// The background process lives 300 s: a request bound by anything else
			// than the time limit would not end within these bounds.
			assertThat(client.receiveAsString()).isEqualTo("hi\n");
			await().atMost(Duration.ofSeconds(20)).until(() -> this.recorder.finished.get() == 1);
			assertThat(handler.activeChildren()).isEmpty();
			assertThat(this.recorder.errors).singleElement().isInstanceOf(ChildTimeLimitException.class);
		}
		finally {
			killBackground(pid);
		}
	}

	/**
	 * A command whose background process holds its output past the time limit: at the
	 * limit the whole process group is killed, so nothing the command started outlives
	 * the request, and no thread stays on its pipes.
	 */
	@Test
	void killsWhatTheCommandStartedAtTheTimeLimit() throws IOException {
		ChildCommand command = new ChildCommand(List.of("sh", "-c", "sleep 300 & echo $!; sleep 1"), null, Map.of(),
				Duration.ofSeconds(2));
		DatagramCommandHandler handler = new DatagramCommandHandler(command, this.recorder);
		long background = -1;
		try (BaseServer<?> server = server("udp4", handler);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send("anything");
			background = Long.parseLong(client.receiveAsString().trim());
			await().atMost(Duration.ofSeconds(20)).until(() -> this.recorder.finished.get() == 1);
			ChildLeftovers.awaitGone(background);
			ChildLeftovers.awaitNoStreamThread();
		}
		finally {
			if (background > 0) {
				ProcessHandle.of(background).ifPresent(ProcessHandle::destroyForcibly);
			}
		}
	}

	static void killBackground(Path pid) throws IOException {
		if (Files.exists(pid) && !Files.readString(pid).isBlank()) {
			ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
		}
	}

	@Test
	void sendsNoReplyWhenTheChildWritesNothing() throws IOException {
		try (BaseServer<?> server = server("udp4", ChildCommand.of("true")); Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
				client.send("hello");
				assertThat(client.poll(Duration.ofMillis(500))).isNull();
			}
			this.recorder.awaitAllExited();
			assertThat(this.recorder.exits.values()).containsExactly(new ChildRecorder.Exit(0, false));
		}
	}

	@Test
	void activeChildrenHoldsTheRunningChildUntilItIsReaped() throws Exception {
		Path fifo = this.directory.resolve("release");
		assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
		// The child waits until the test writes to the FIFO.
		DatagramCommandHandler handler = new DatagramCommandHandler(
				ChildCommand.of("sh", "-c", "cat > /dev/null; read line < '" + fifo + "'"), this.recorder);
		try (BaseServer<?> server = server("unix", handler); Serving serving = Serving.start(server)) {
			assertThat(handler.activeChildren()).isEmpty();
			try (SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
				client.send("wait");
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.started.size() == 1);
			long pid = this.recorder.started.get(0);
			assertThat(handler.activeChildren()).containsExactly(pid);
			Files.writeString(fifo, "go\n");
			this.recorder.awaitAllExited();
			assertThat(this.recorder.exits).containsOnlyKeys(pid);
			assertThat(handler.activeChildren()).isEmpty();
		}
	}

	private String exchange(BaseServer<?> server, String message, int client) throws IOException {
		try (SocketTestClient datagrams = SocketTestClient.datagram(server.serverAddress())) {
			datagrams.send(message);
			return datagrams.receiveAsString();
		}
	}

	private BaseServer<?> server(String family, ChildCommand command) throws IOException {
		return server(family, new DatagramCommandHandler(command, this.recorder));
	}

	private BaseServer<?> server(String family, DatagramCommandHandler handler) throws IOException {
		ServerOptions options = ServerOptions.builder()
			.name("fork-" + family)
			.threading(Threading.fork(4, Duration.ofSeconds(10)))
			.maxPacketSize(65_507)
			.listener(this.recorder)
			.build();
		return switch (family) {
			case "udp4" -> new UdpServer(new InetSocketAddress("127.0.0.1", 0), handler, options);
			case "udp6" -> new UdpServer(new InetSocketAddress("::1", 0), handler, options);
			case "unix" -> new UnixDatagramServer(this.directory.resolve("fork.sock"), handler, options);
			default -> throw new IllegalArgumentException(family);
		};
	}

}
