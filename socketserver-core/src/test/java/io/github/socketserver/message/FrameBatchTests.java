package io.github.socketserver.message;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameTooLongException;
import io.github.socketserver.test.SocketTestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames read together reach the handler together, in the modes that run it off the loop:
 * the task starts once the read is cut whole, so it costs one hand-over and the replies
 * can leave in one write.
 */
class FrameBatchTests {

	@ParameterizedTest
	@ValueSource(strings = { "thread", "virtual", "pool" })
	void startsTheHandlerOnceEveryFrameOfTheReadIsCut(String threading) throws Exception {
		CountDownLatch firstHandled = new CountDownLatch(1);
		AtomicInteger cutBeforeFirst = new AtomicInteger(-1);
		WatchedLines codec = new WatchedLines(firstHandled);
		MessageHandler handler = (message) -> {
			if (message.text().equals("a")) {
				cutBeforeFirst.set(codec.cut.get());
				firstHandled.countDown();
			}
			message.reply(message.bytes());
		};
		try (TcpServer server = MessageEngineTests.tcp(handler, MessageEngineTests.options(threading).codec(codec));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("a\nb\nc\n");
			assertThat(client.readLine()).isEqualTo("a");
			assertThat(client.readLine()).isEqualTo("b");
			assertThat(client.readLine()).isEqualTo("c");
			assertThat(cutBeforeFirst).hasValue(3);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual", "pool" })
	void handlesTheFramesReadBeforeABadOneThenCloses(String threading) throws Exception {
		MessageHandler echo = (message) -> message.reply(message.bytes());
		try (TcpServer server = MessageEngineTests.tcp(echo,
				MessageEngineTests.options(threading).codec(new TestLines(16)));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("one\ntwo\n" + "x".repeat(40) + "\n");
			assertThat(client.readLine()).isEqualTo("one");
			assertThat(client.readLine()).isEqualTo("two");
			assertThat(client.readLine()).isNull();
		}
	}

	/**
	 * Lines, counted as they are cut; before cutting the second of a read it gives the
	 * handler a second to take the first, which an engine that started the handler on the
	 * first frame would do.
	 */
	private static final class WatchedLines implements FrameCodec {

		private final TestLines lines = new TestLines();

		private final CountDownLatch firstHandled;

		final AtomicInteger cut = new AtomicInteger();

		WatchedLines(CountDownLatch firstHandled) {
			this.firstHandled = firstHandled;
		}

		@Override
		public byte @Nullable [] decode(ByteBuffer buffer) throws FrameTooLongException {
			if (this.cut.get() == 1 && buffer.hasRemaining()) {
				try {
					this.firstHandled.await(1, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			byte[] frame = this.lines.decode(buffer);
			if (frame != null) {
				this.cut.incrementAndGet();
			}
			return frame;
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
