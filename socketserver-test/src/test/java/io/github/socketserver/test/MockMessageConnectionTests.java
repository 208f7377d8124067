package io.github.socketserver.test;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameException;
import io.github.socketserver.message.MessageConnection;
import io.github.socketserver.message.MessageHandler;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MockMessageConnection}: a message handler runs on it as on a server's
 * connection, and what it sends is kept in order.
 */
class MockMessageConnectionTests {

	private final MessageHandler upper = (message) -> message.reply(message.text().toUpperCase());

	@Test
	void keepsTheFramesTheHandlerSentInOrder() throws Exception {
		MockMessageConnection connection = MockMessageConnection.create();
		connection.receive(this.upper, "hello", "world");
		assertThat(connection.sentAsStrings()).containsExactly("HELLO", "WORLD");
		assertThat(connection.outputAsString()).isEqualTo("HELLOWORLD");
	}

	@Test
	void givesTheHandlerTheClientTheServerAndItsAttributes() throws Exception {
		InetSocketAddress client = new InetSocketAddress("10.0.0.7", 40000);
		MockMessageConnection connection = MockMessageConnection.builder()
			.clientAddress(client)
			.serverName("gateway")
			.attribute(String.class, "from a layer")
			.build();
		MessageHandler describe = (message) -> {
			MessageConnection c = message.connection();
			c.attributes().merge("count", 1, (a, b) -> (Integer) a + (Integer) b);
			message.reply(message.clientAddress() + " " + c.server().name() + " " + c.attribute(String.class) + " "
					+ c.attributes().get("count"));
		};
		connection.receive(describe, "a", "b");
		assertThat(connection.sentAsStrings()).containsExactly(client + " gateway from a layer 1",
				client + " gateway from a layer 2");
		assertThat(connection.attribute(Integer.class)).isNull();
	}

	@Test
	void dropsFramesAfterTheHandlerClosedTheConnectionAndRefusesSendsThen() throws Exception {
		MockMessageConnection connection = MockMessageConnection.create();
		MessageHandler quit = (message) -> {
			message.reply("bye");
			message.connection().close();
		};
		connection.receive(quit, "QUIT", "PING");
		assertThat(connection.sentAsStrings()).containsExactly("bye");
		assertThat(connection.isOpen()).isFalse();
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> connection.send("late"));
	}

	@Test
	void keepsWhatAnotherThreadPushed() throws Exception {
		MockMessageConnection connection = MockMessageConnection.create();
		MessageHandler pushLater = (message) -> CompletableFuture
			.runAsync(() -> message.connection().send("pushed " + message.text()))
			.join();
		connection.receive(pushLater, "1");
		assertThat(connection.sentAsStrings()).containsExactly("pushed 1");
	}

	@Test
	void decodesInTheConnectionsCharset() throws Exception {
		MockMessageConnection connection = MockMessageConnection.builder().charset(StandardCharsets.ISO_8859_1).build();
		connection.receive(this.upper, "\u00e9t\u00e9");
		assertThat(connection.output()).containsExactly(0xC9, 'T', 0xC9);
	}

	@Test
	void cutsTheClientsBytesWithTheCodecAndFramesWhatIsSent() throws Exception {
		OneByteLength codec = new OneByteLength();
		MockMessageConnection connection = MockMessageConnection.builder().codec(codec).build();
		assertThat(connection.server().codec()).isSameAs(codec);
		connection.receiveBytes(this.upper, new byte[] { 2, 'h', 'i', 3, 'y', 'o', 'u', 5, 'p' });
		assertThat(connection.sentAsStrings()).containsExactly("HI", "YOU");
		assertThat(connection.output()).containsExactly(2, 'H', 'I', 3, 'Y', 'O', 'U');
	}

	@Test
	void passesTheCodecsRefusalOn() {
		MockMessageConnection connection = MockMessageConnection.builder().codec(new OneByteLength()).build();
		assertThatExceptionOfType(FrameException.class)
			.isThrownBy(() -> connection.receiveBytes(this.upper, new byte[] { 0 }));
	}

	@Test
	void needsACodecToCutBytes() {
		assertThatIllegalStateException()
			.isThrownBy(() -> MockMessageConnection.create().receiveBytes(this.upper, new byte[] { 1, 'a' }))
			.withMessageContaining("codec");
	}

	/**
	 * Frames of 1 to 255 bytes after a one-byte length.
	 */
	static final class OneByteLength implements FrameCodec {

		@Override
		public byte @Nullable [] decode(ByteBuffer buffer) throws FrameException {
			if (!buffer.hasRemaining()) {
				return null;
			}
			int length = buffer.get(buffer.position()) & 0xFF;
			if (length == 0) {
				throw new FrameException("an empty frame");
			}
			if (buffer.remaining() < length + 1) {
				return null;
			}
			byte[] frame = new byte[length];
			buffer.get();
			buffer.get(frame);
			return frame;
		}

		@Override
		public ByteBuffer encode(ByteBuffer payload) {
			return ByteBuffer.allocate(payload.remaining() + 1).put((byte) payload.remaining()).put(payload).flip();
		}

		@Override
		public int maxFrameLength() {
			return 256;
		}

	}

}
