package io.github.socketserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketserver.connection.Transport;
import io.github.socketserver.message.MessageHandler;
import io.github.socketserver.message.MessageStreamHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message connection read on its handler's thread (its layer cannot be handed to the
 * engine) whose send is cut by the server's close: the send fails with the cut wrapped in
 * an {@link UncheckedIOException}, which is a cut all the same, logged quietly, not an
 * error with its stack trace.
 */
class BlockingMessageCutTests {

	@Test
	void aCutUnderASendIsACut() {
		assertThat(ClientFaults.isCut(new UncheckedIOException("Sending failed", new AsynchronousCloseException())))
			.isTrue();
		assertThat(ClientFaults.isCut(new UncheckedIOException("Sending failed", new ClosedByInterruptException())))
			.isTrue();
		assertThat(ClientFaults.isCut(new UncheckedIOException(new IOException("Disk full")))).isFalse();
	}

	@Test
	void aSendCutByTheCloseIsNotLoggedAsAnError() throws Exception {
		AtomicReference<Throwable> sendFailure = new AtomicReference<>();
		// Pushes until the client, which reads nothing, holds the send in a write.
		MessageHandler flooding = (message) -> {
			try {
				while (true) {
					message.connection().send("x".repeat(8192));
				}
			}
			catch (RuntimeException ex) {
				sendFailure.set(ex);
				throw ex;
			}
		};
		ServerOptions options = ServerOptions.builder()
			.name("blocking")
			.threading(Threading.thread())
			.sendBufferSize(4096)
			.addLayer((connection) -> connection.withTransport(new Blocking(connection.transport())))
			.build();
		try (LogCapture logs = new LogCapture()) {
			TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), new MessageStreamHandler(flooding),
					options);
			try (Serving serving = Serving.start(server);
					SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
				client.sendLine("flood me");
				await().atMost(Duration.ofSeconds(10)).until(() -> server.activeRequests() == 1);
				server.close(Duration.ofMillis(200));
				await().atMost(Duration.ofSeconds(10)).until(() -> sendFailure.get() != null);
				assertThat(sendFailure.get()).isInstanceOf(UncheckedIOException.class)
					.cause()
					.isInstanceOf(AsynchronousCloseException.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> server.activeRequests() == 0);
			}
			finally {
				server.close();
			}
			assertThat(logs.messages()).noneMatch((line) -> line.startsWith("Exception occurred"));
		}
	}

	/**
	 * A layer that adds nothing and cannot be handed to the message engine: its
	 * connection's frames are read on the request's thread.
	 */
	private record Blocking(Transport transport) implements Transport {

		@Override
		public int read(ByteBuffer target, long timeoutNanos) throws IOException {
			return this.transport.read(target, timeoutNanos);
		}

		@Override
		public void write(ByteBuffer source) throws IOException {
			this.transport.write(source);
		}

	}

}
