package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener (metrics, an observation handler's {@code onStart}) that throws in any of
 * its callbacks: the failure is logged and contained, and the request's bookkeeping
 * completes all the same: its socket is closed, its limits are given back, it leaves the
 * requests in flight, and the server goes on.
 */
class ListenerFailureTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	/**
	 * Echoes lines; "boom" makes it throw.
	 */
	private static final StreamRequestHandler HANDLER = (request) -> {
		for (String line = request.rfile().readLine(); line != null; line = request.rfile().readLine()) {
			if (line.equals("boom")) {
				throw new IllegalStateException("boom");
			}
			request.wfile().write(line + "\n");
		}
	};

	private LogCapture logs;

	@BeforeEach
	void captureLogs() {
		this.logs = new LogCapture();
	}

	@AfterEach
	void stopCapturing() {
		this.logs.close();
	}

	@ParameterizedTest
	@CsvSource({ "requestStarted, sync", "requestStarted, thread", "requestStarted, pool", "requestFinished, sync",
			"requestFinished, pool", "requestRejected, sync", "requestRejected, thread", "errorReported, sync",
			"errorReported, pool", "connectionOpened, sync", "connectionOpened, thread", "connectionClosed, sync",
			"connectionClosed, pool", "bytesReceived, sync", "bytesSent, thread" })
	void aThrowingListenerLeaksNothingAndTheServerGoesOn(String callback, String mode) throws IOException {
		AtomicInteger connections = new AtomicInteger();
		ServerOptions options = ServerOptions.builder()
			.name("listened")
			.threading(TestThreading.of(mode))
			.maxRequests(1)
			// The second connection is refused, so that the refusal is reported.
			.verifier((request) -> connections.incrementAndGet() != 2)
			.addListener(new Throwing(callback))
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, HANDLER, options); Serving serving = Serving.start(server)) {
			try (SocketTestClient failing = SocketTestClient.connect(server.serverAddress())) {
				failing.send("hello\nboom\n");
				assertThat(failing.readLine()).isIn("hello", null);
				assertThat(failing.readLine()).isNull();
			}
			try (SocketTestClient refused = SocketTestClient.connect(server.serverAddress())) {
				assertThat(refused.readToEnd()).isEmpty();
			}
			// The limit of one request is free again, and the loop still serves.
			try (SocketTestClient next = SocketTestClient.connect(server.serverAddress())) {
				assertThat(next.exchange("after\n")).isEqualTo("after\n");
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> server.activeRequests() == 0);
			assertThat(serving.failure()).isNull();
			assertThat(this.logs.messages()).anyMatch((line) -> line.contains("failed in " + callback));
		}
	}

	/**
	 * Throws from one of its callbacks, every time.
	 */
	private static final class Throwing implements SocketServerListener {

		private final String callback;

		Throwing(String callback) {
			this.callback = callback;
		}

		private void maybeThrow(String name) {
			if (name.equals(this.callback)) {
				throw new IllegalStateException("listener broken in " + name);
			}
		}

		@Override
		public void connectionOpened(Request request) {
			maybeThrow("connectionOpened");
		}

		@Override
		public void connectionClosed(Request request, long durationNanos) {
			maybeThrow("connectionClosed");
		}

		@Override
		public void requestRejected(Request request, Rejection reason) {
			maybeThrow("requestRejected");
		}

		@Override
		public @Nullable Object requestStarted(Request request) {
			maybeThrow("requestStarted");
			return null;
		}

		@Override
		public void requestFinished(Request request, @Nullable Object state, @Nullable Throwable failure,
				long durationNanos) {
			maybeThrow("requestFinished");
		}

		@Override
		public void errorReported(Request request, Throwable exception) {
			maybeThrow("errorReported");
		}

		@Override
		public void bytesReceived(int count) {
			maybeThrow("bytesReceived");
		}

		@Override
		public void bytesSent(int count) {
			maybeThrow("bytesSent");
		}

	}

}
