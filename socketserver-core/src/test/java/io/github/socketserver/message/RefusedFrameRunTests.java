package io.github.socketserver.message;

import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameTooLongException;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A frame run the threading mode has no room for, of a connection that closed while the
 * loop still cut its read: the handler is told of the close, once.
 */
class RefusedFrameRunTests {

	@Test
	void aConnectionClosedBeforeItsRunWasRefusedIsToldClosed() throws Exception {
		List<MessageConnection> opened = new CopyOnWriteArrayList<>();
		List<MessageConnection> told = new CopyOnWriteArrayList<>();
		CountDownLatch blocking = new CountDownLatch(2);
		CountDownLatch unblock = new CountDownLatch(1);
		HeldLines codec = new HeldLines();
		MessageHandler handler = new MessageHandler() {

			@Override
			public void connectionOpened(MessageConnection connection) {
				opened.add(connection);
			}

			@Override
			public void handleMessage(Message message) throws InterruptedException {
				if (message.text().equals("block")) {
					blocking.countDown();
					unblock.await(20, TimeUnit.SECONDS);
				}
				message.reply(message.bytes());
			}

			@Override
			public void connectionClosed(MessageConnection connection) {
				told.add(connection);
			}

		};
		ServerOptions.Builder options = ServerOptions.builder()
			.name("messages")
			.threading(Threading.pool(2, 0))
			.codec(codec);
		try (TcpServer server = MessageEngineTests.tcp(handler, options);
				Serving serving = Serving.start(server);
				SocketTestClient reset = SocketTestClient.connect(server.serverAddress())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> opened.size() == 1);
			MessageConnection connection = opened.get(0);
			try (SocketTestClient first = SocketTestClient.connect(server.serverAddress());
					SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
				// Both threads of the pool busy, and no queue: the next run is refused.
				first.sendLine("block");
				second.sendLine("block");
				assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
				reset.send("a\nhold\n");
				assertThat(codec.held.await(10, TimeUnit.SECONDS)).isTrue();
				// While the loop cuts the read, a send from another thread fails on the
				// reset socket and closes the connection.
				reset.setOption(StandardSocketOptions.SO_LINGER, 0);
				reset.close();
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					try {
						connection.send("z");
					}
					catch (UncheckedIOException ex) {
						// closed
					}
					return !connection.isOpen();
				});
				codec.release.countDown();
				await().atMost(Duration.ofSeconds(10)).until(() -> told.contains(connection));
				assertThat(told).containsOnlyOnce(connection);
			}
			finally {
				codec.release.countDown();
				unblock.countDown();
			}
		}
	}

	/**
	 * Lines; the cut of a line that starts with "h" waits until the test releases it.
	 */
	private static final class HeldLines implements FrameCodec {

		private final TestLines lines = new TestLines();

		final CountDownLatch held = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public byte @Nullable [] decode(ByteBuffer buffer) throws FrameTooLongException {
			if (buffer.hasRemaining() && buffer.get(buffer.position()) == 'h') {
				this.held.countDown();
				try {
					this.release.await(20, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return this.lines.decode(buffer);
		}

		@Override
		public ByteBuffer encode(ByteBuffer payload) {
			return this.lines.encode(payload);
		}

		@Override
		public int maxFrameLength() {
			return this.lines.maxFrameLength();
		}

	}

}
