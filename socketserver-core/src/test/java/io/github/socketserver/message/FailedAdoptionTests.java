package io.github.socketserver.message;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.connection.DetachedTransport;
import io.github.socketserver.connection.Transport;
import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.test.SocketTestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection the message engine cannot take (its layer fails to let go of it, or the
 * host has no descriptor left for a loop's selector): it is reported through the server's
 * {@code handleError} and closed, its places given back, and the listener hears no end of
 * a request that never started.
 */
class FailedAdoptionTests {

	@ParameterizedTest
	@ValueSource(strings = { "sync", "thread", "pool" })
	void aConnectionTheEngineCannotTakeIsReportedAndClosed(String threading) throws Exception {
		RecordingListener listener = new RecordingListener();
		Starts starts = new Starts();
		MessageHandler echo = (message) -> message.reply(message.bytes());
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), new MessageStreamHandler(echo),
				MessageEngineTests.options(threading)
					.codec(new TestLines())
					.listener(listener)
					.addListener(starts)
					.maxRequests(1)
					.addLayer((connection) -> connection.withTransport(new Undetachable(connection.transport())))
					.build());
				Serving serving = Serving.start(server)) {
			for (int i = 0; i < 2; i++) {
				try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
					client.sendLine("hello");
					assertThat(client.readLine()).isNull();
				}
				int failures = i + 1;
				await().atMost(Duration.ofSeconds(10))
					.until(() -> listener.errors.size() == failures && server.activeRequests() == 0);
			}
			assertThat(listener.errors).allMatch((error) -> error.getMessage().contains("cannot let go"));
			assertThat(listener.rejections).isEmpty();
			assertThat(listener.requestsFinished).hasValue(starts.started.get());
			assertThat(serving.failure()).isNull();
		}
	}

	/**
	 * A layer whose transport fails as the engine asks for it.
	 */
	private record Undetachable(Transport transport) implements Transport {

		@Override
		public int read(ByteBuffer target, long timeoutNanos) throws IOException {
			return this.transport.read(target, timeoutNanos);
		}

		@Override
		public void write(ByteBuffer source) throws IOException {
			this.transport.write(source);
		}

		@Override
		public @Nullable DetachedTransport detach() {
			throw new IllegalStateException("The layer cannot let go of the connection");
		}

	}

	private static final class Starts implements SocketServerListener {

		final AtomicInteger started = new AtomicInteger();

		@Override
		public @Nullable Object requestStarted(Request request) {
			this.started.incrementAndGet();
			return null;
		}

	}

}
