package io.github.socketserver.handler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.BaseServer;
import io.github.socketserver.EchoHandlers;
import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.UnixStreamServer;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-handler settings of {@link StreamRequestHandler}, Python's {@code timeout} and
 * {@code disable_nagle_algorithm}, applied to real TCP and Unix stream connections.
 */
class StreamRequestHandlerTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private final List<Exception> errors = new CopyOnWriteArrayList<>();

	private final RecordingListener listener = new RecordingListener();

	private final ServerOptions.Builder options = ServerOptions.builder()
		.name("handler")
		.listener(this.listener)
		.errorHandler((request, exception) -> this.errors.add(exception));

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "tcp", "unix" })
	void readTimeoutOfTheHandlerFiresWhenTheClientSendsNothing(String family) throws IOException {
		StreamRequestHandler patient = new StreamRequestHandler() {

			@Override
			public void handle(StreamRequest request) throws IOException {
				request.rfile().readLine();
			}

			@Override
			public Duration timeout() {
				// Long enough for the next client's line to come in time on a loaded
				// machine: it is sent only once the connection is made.
				return Duration.ofSeconds(1);
			}

		};
		try (BaseServer<?> server = server(family, patient); Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				assertThat(client.readToEnd()).isEmpty();
			}
			// Over a Unix socket the deadline closes the connection before the handler
			// fails.
			await().atMost(Duration.ofSeconds(10)).until(() -> server.activeRequests() == 0);
			assertThat(this.errors).singleElement().isInstanceOf(SocketTimeoutException.class);
			assertThat(this.listener.connectionsClosed).hasValue(this.listener.connectionsOpened.get());
			try (SocketTestClient next = SocketTestClient.connect(server.serverAddress())) {
				next.send("in time\n");
				assertThat(next.readToEnd()).isEmpty();
			}
			assertThat(this.errors).hasSize(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "tcp", "unix" })
	void readTimeoutOptionAppliesWhenTheHandlerSetsNone(String family) throws IOException {
		// Long enough for the line sent once the connection is made to come in time on a
		// loaded machine.
		this.options.readTimeout(Duration.ofSeconds(1));
		try (BaseServer<?> server = server(family, EchoHandlers.LINE_ECHO);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("before the timeout\n");
			assertThat(client.readLine()).isEqualTo("before the timeout");
			assertThat(client.readLine()).isNull();
		}
		assertThat(this.errors).singleElement().isInstanceOf(SocketTimeoutException.class);
	}

	@Test
	void theReadTimeoutAlsoBoundsAHandlerReadingTheSocketsOwnStream() throws IOException {
		List<Throwable> outcome = new CopyOnWriteArrayList<>();
		StreamRequestHandler direct = (request) -> {
			try {
				request.socket().socket().getInputStream().read();
			}
			catch (IOException ex) {
				outcome.add(ex);
			}
			request.wfile().write("done\n");
		};
		ServerOptions options = ServerOptions.builder().readTimeout(Duration.ofMillis(200)).build();
		try (TcpServer server = new TcpServer(LOOPBACK, direct, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(client.readLine()).isEqualTo("done");
		}
		assertThat(outcome).singleElement().isInstanceOf(SocketTimeoutException.class);
	}

	@Test
	void disableNagleAlgorithmSetsTcpNoDelayOnTheAcceptedConnection() throws IOException {
		assertThat(noDelayOfAcceptedConnection(true)).isEqualTo("true");
	}

	@Test
	void nagleAlgorithmStaysOnByDefault() throws IOException {
		assertThat(noDelayOfAcceptedConnection(false)).isEqualTo("false");
	}

	@Test
	void tcpNoDelayOptionSetsItForEveryHandler() throws IOException {
		this.options.tcpNoDelay(true);
		assertThat(noDelayOfAcceptedConnection(false)).isEqualTo("true");
	}

	private String noDelayOfAcceptedConnection(boolean disableNagle) throws IOException {
		StreamRequestHandler reporting = new StreamRequestHandler() {

			@Override
			public void handle(StreamRequest request) throws IOException {
				request.wfile().write(request.socket().getOption(StandardSocketOptions.TCP_NODELAY) + "\n");
			}

			@Override
			public boolean disableNagleAlgorithm() {
				return disableNagle;
			}

		};
		try (TcpServer server = new TcpServer(LOOPBACK, reporting, this.options.build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			return client.readLine();
		}
	}

	private BaseServer<?> server(String family, StreamRequestHandler handler) throws IOException {
		return "tcp".equals(family) ? new TcpServer(LOOPBACK, handler, this.options.build())
				: new UnixStreamServer(this.directory.resolve("handler.sock"), handler, this.options.build());
	}

}
