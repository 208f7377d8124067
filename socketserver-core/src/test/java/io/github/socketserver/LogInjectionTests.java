package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Unix client chooses the path it binds, and that path names it in every log line: a
 * path with a line break must not forge a log line. Each line naming such a client shows
 * the break escaped.
 */
class LogInjectionTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String FORGED = "x\nINFO forged\r";

	@TempDir
	Path directory;

	@Test
	void aClientFaultNamesAUnixClientWithItsPathEscaped() throws IOException {
		ServerOptions options = ServerOptions.builder().name("faults").maxLineLength(8).build();
		try (LogCapture logs = new LogCapture();
				UnixStreamServer server = new UnixStreamServer(this.directory.resolve("s.sock"), EchoHandlers.LINE_ECHO,
						options);
				Serving serving = Serving.start(server);
				SocketChannel client = connectFrom(server, "client" + FORGED + "1")) {
			client.write(ByteBuffer.wrap("a line too long\n".getBytes(StandardCharsets.US_ASCII)));
			assertLoggedEscaped(logs, "ended the request from");
		}
	}

	@Test
	void aHandlerFailureNamesAUnixClientWithItsPathEscaped() throws IOException {
		StreamRequestHandler failing = (request) -> {
			throw new IllegalStateException("handler bug");
		};
		try (LogCapture logs = new LogCapture();
				UnixStreamServer server = new UnixStreamServer(this.directory.resolve("s.sock"), failing,
						ServerOptions.builder().name("failing").build());
				Serving serving = Serving.start(server);
				SocketChannel client = connectFrom(server, "client" + FORGED + "2")) {
			assertLoggedEscaped(logs, "Exception occurred during processing of request from");
		}
	}

	@Test
	void aHandlerFailureWhoseMessageQuotesTheClientIsLoggedEscaped() throws IOException {
		StreamRequestHandler parsing = (request) -> {
			String line = request.rfile().readLine();
			throw new IllegalStateException("wrapped", new NumberFormatException("For input string: " + line));
		};
		try (LogCapture logs = new LogCapture();
				TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), parsing,
						ServerOptions.builder().name("parsing").build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("12\rINFO forged\u001b[2J\n");
			await().atMost(WAIT).until(() -> !logs.errors().isEmpty());
			assertThat(logs.errors()).singleElement().satisfies((trace) -> {
				assertThat(trace).contains("java.lang.IllegalStateException: wrapped")
					.contains("java.lang.NumberFormatException: For input string: 12\\x0dINFO forged\\x1b[2J")
					.doesNotContain("\r", "\u001b");
			});
		}
	}

	@Test
	void aRefusalNamesAUnixClientWithItsPathEscaped() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		ServerOptions options = ServerOptions.builder()
			.name("limited")
			.threading(Threading.thread())
			.maxRequests(1)
			.build();
		try (LogCapture logs = new LogCapture();
				UnixStreamServer server = new UnixStreamServer(this.directory.resolve("s.sock"),
						EchoHandlers.holdingUntil(release), options);
				Serving serving = Serving.start(server);
				SocketChannel holder = connectFrom(server, "holder");
				SocketChannel refused = connectFrom(server, "client" + FORGED + "3")) {
			assertLoggedEscaped(logs, "refused the request from");
			release.countDown();
		}
	}

	@Test
	void aRequestCutAtCloseNamesAUnixClientWithItsPathEscaped() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		StreamRequestHandler stuck = (request) -> {
			started.countDown();
			release.await();
		};
		ServerOptions options = ServerOptions.builder()
			.name("cut")
			.threading(Threading.thread())
			.shutdownTimeout(Duration.ofMillis(100))
			.build();
		try (LogCapture logs = new LogCapture()) {
			try (UnixStreamServer server = new UnixStreamServer(this.directory.resolve("s.sock"), stuck, options);
					Serving serving = Serving.start(server);
					SocketChannel client = connectFrom(server, "client" + FORGED + "4")) {
				started.await();
			}
			finally {
				release.countDown();
			}
			assertLoggedEscaped(logs, "cut the request from");
		}
	}

	@Test
	void anOversizeDatagramNamesAUnixClientWithItsPathEscaped() throws IOException {
		try (LogCapture logs = new LogCapture();
				UnixDatagramServer server = new UnixDatagramServer(this.directory.resolve("d.sock"),
						EchoHandlers.DATAGRAM_ECHO, ServerOptions.builder().name("dgram").maxPacketSize(16).build());
				Serving serving = Serving.start(server);
				AFUNIXDatagramChannel client = AFUNIXDatagramChannel.open()) {
			client.bind(AFUNIXSocketAddress.of(this.directory.resolve("client" + FORGED + "5")));
			client.send(ByteBuffer.wrap(new byte[64]), AFUNIXSocketAddress.of(this.directory.resolve("d.sock")));
			assertLoggedEscaped(logs, "dropped a datagram from");
		}
	}

	@Test
	void aFailedLastFlushNamesAUnixClientWithItsPathEscaped() throws IOException {
		StreamRequestHandler answeringTooLate = (request) -> {
			while (request.rfile().readLine() != null) {
				// Until the client has gone.
			}
			request.wfile().write("too late\n");
		};
		Logger serverLog = (Logger) LoggerFactory.getLogger(BaseServer.class);
		Level level = serverLog.getLevel();
		serverLog.setLevel(Level.DEBUG);
		try (LogCapture logs = new LogCapture();
				UnixStreamServer server = new UnixStreamServer(this.directory.resolve("s.sock"), answeringTooLate,
						ServerOptions.builder().name("late").build());
				Serving serving = Serving.start(server)) {
			connectFrom(server, "client" + FORGED + "6").close();
			assertLoggedEscaped(logs, "Ending the connection from");
		}
		finally {
			serverLog.setLevel(level);
		}
	}

	private SocketChannel connectFrom(UnixStreamServer server, String name) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.bind(UnixDomainSocketAddress.of(this.directory.resolve(name)));
		channel.connect(server.serverAddress());
		return channel;
	}

	private static void assertLoggedEscaped(LogCapture logs, String what) {
		await().atMost(WAIT).until(() -> logs.messages().stream().anyMatch((message) -> message.contains(what)));
		List<String> lines = logs.messages().stream().filter((message) -> message.contains(what)).toList();
		assertThat(lines).allSatisfy((line) -> {
			assertThat(line).doesNotContain("\n", "\r").contains("x\\x0aINFO forged\\x0d");
		});
	}

}
