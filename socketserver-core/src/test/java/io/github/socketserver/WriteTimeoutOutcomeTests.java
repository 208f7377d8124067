package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A write that timed out, on platform threads too, where closing the channel makes a
 * write fail as closed: the handler, the error handler and the request's outcome see a
 * {@link SocketTimeoutException}, a client's fault, also for the server's last flush.
 */
class WriteTimeoutOutcomeTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	/**
	 * Makes a write time out and goes on writing, flushing at once ("handler") or leaving
	 * the bytes to the server's last flush ("last flush"); the channel is closed by then,
	 * so the write after the timeout fails as closed unless the transport says why.
	 */
	private static StreamRequestHandler writingOnAfterATimeout(boolean flush) {
		return (request) -> {
			request.rfile().readLine();
			try {
				request.wfile().write(new byte[4 * 1024 * 1024]);
				throw new AssertionError("The client read 4 MiB");
			}
			catch (SocketTimeoutException ex) {
				// As a handler that catches its write's failure and answers on.
			}
			request.wfile().write("more\n");
			if (flush) {
				request.wfile().flush();
			}
		};
	}

	private final Outcomes outcomes = new Outcomes();

	@ParameterizedTest
	@ValueSource(strings = { "handler", "last flush" })
	void aTimedOutWriteFailsTheRequestAsATimeout(String where) throws IOException {
		ServerOptions options = ServerOptions.builder()
			.name("stalled")
			.threading(TestThreading.of("thread"))
			.writeTimeout(Duration.ofMillis(300))
			.sendBufferSize(4096)
			.addListener(this.outcomes)
			.build();
		StreamRequestHandler handler = writingOnAfterATimeout(where.equals("handler"));
		try (TcpServer server = new TcpServer(LOOPBACK, handler, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096);
			client.sendLine("go");
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.outcomes.finished.isEmpty());
			assertThat(this.outcomes.finished).singleElement().isInstanceOf(SocketTimeoutException.class);
			assertThat(this.outcomes.errors).isNotEmpty().allMatch(SocketTimeoutException.class::isInstance);
		}
	}

	static final class Outcomes implements SocketServerListener {

		final List<Throwable> finished = new CopyOnWriteArrayList<>();

		final List<Throwable> errors = new CopyOnWriteArrayList<>();

		@Override
		public void requestFinished(Request request, @Nullable Object state, @Nullable Throwable failure,
				long durationNanos) {
			this.finished.add((failure != null) ? failure : new AssertionError("The request succeeded"));
		}

		@Override
		public void errorReported(Request request, Throwable exception) {
			this.errors.add(exception);
		}

	}

}
