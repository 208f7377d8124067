package io.github.socketserver.sample;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.socketserver.codec.FrameException;
import io.github.socketserver.codec.FrameTooLongException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RespCodec}, the sample's own codec: inline commands and RESP arrays,
 * cut at any byte, bounded, and garbage refused.
 */
class RespCodecTests {

	private static final String COMMANDS = "PING\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nPING\r\n$5\r\nhello\r\nQUIT\n";

	private static final List<String> FRAMES = List.of("PING", "*1\r\n$4\r\nPING\r\n",
			"*2\r\n$4\r\nPING\r\n$5\r\nhello\r\n", "QUIT");

	private final RespCodec codec = new RespCodec(64);

	@Test
	void cutsManyCommandsInOneRead() throws FrameException {
		assertThat(decodeAll(ByteBuffer.wrap(bytes(COMMANDS)))).isEqualTo(FRAMES);
	}

	@Test
	void cutsTheSameCommandsWhateverByteTheReadsSplitAt() throws FrameException {
		byte[] all = bytes(COMMANDS);
		for (int split = 1; split < all.length; split++) {
			ByteBuffer buffer = ByteBuffer.allocate(all.length);
			buffer.put(all, 0, split).flip();
			List<String> frames = new ArrayList<>(decodeAll(buffer));
			buffer.compact().put(all, split, all.length - split).flip();
			frames.addAll(decodeAll(buffer));
			assertThat(frames).as("split at %d", split).isEqualTo(FRAMES);
			assertThat(buffer.hasRemaining()).isFalse();
		}
	}

	@Test
	void leavesAnIncompleteFrameWhereItWas() throws FrameException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes("*2\r\n$4\r\nPING\r\n$5\r\nhel"));
		assertThat(this.codec.decode(buffer)).isNull();
		assertThat(buffer.position()).isZero();
	}

	@Test
	void takesAFrameOfExactlyTheMaximumAndRefusesOneByteMore() throws FrameException {
		String line = "x".repeat(62) + "\r\n";
		assertThat(text(this.codec.decode(ByteBuffer.wrap(bytes(line))))).isEqualTo("x".repeat(62));
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> this.codec.decode(ByteBuffer.wrap(bytes("x" + line))));
		String array = "*1\r\n$53\r\n" + "y".repeat(53) + "\r\n";
		assertThat(array).hasSize(64);
		assertThat(this.codec.decode(ByteBuffer.wrap(bytes(array)))).isNotNull();
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> this.codec.decode(ByteBuffer.wrap(bytes("*1\r\n$54\r\n"))));
	}

	@Test
	void refusesALineThatNeverEndsWithinTheMaximum() throws FrameException {
		assertThat(this.codec.decode(ByteBuffer.wrap(bytes("x".repeat(63))))).isNull();
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> this.codec.decode(ByteBuffer.wrap(bytes("x".repeat(64)))));
	}

	@Test
	void resumesTheSearchForAnInlineLineEndWhereTheLastReadLeftIt() throws FrameException {
		// The engine offers "scanned" bytes again only when they held no line end: a
		// line end there is not searched for again, so a line in many reads is scanned
		// once.
		ByteBuffer buffer = ByteBuffer.wrap(bytes("ab\ncd\n"));
		assertThat(text(this.codec.decode(buffer, 3))).isEqualTo("ab\ncd");
	}

	@Test
	void refusesGarbageInAnArray() {
		for (String garbage : List.of("*x\r\n", "*0\r\n", "*1\r\n+PING\r\n", "*1\r\n$4\r\nPINGxx", "*1\r\n$-1\r\n",
				"*1\r\n$4\rx", "*9999999999\r\n")) {
			assertThatExceptionOfType(FrameException.class).as(garbage)
				.isThrownBy(() -> this.codec.decode(ByteBuffer.wrap(bytes(garbage))));
		}
	}

	@Test
	void addsNothingToAReply() {
		ByteBuffer reply = ByteBuffer.wrap(bytes("+PONG\r\n"));
		assertThat(this.codec.encode(reply)).isEqualTo(ByteBuffer.wrap(bytes("+PONG\r\n")));
	}

	private List<String> decodeAll(ByteBuffer buffer) throws FrameException {
		List<String> frames = new ArrayList<>();
		for (byte[] frame = this.codec.decode(buffer); frame != null; frame = this.codec.decode(buffer)) {
			frames.add(text(frame));
		}
		return frames;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static String text(byte[] frame) {
		return new String(frame, StandardCharsets.US_ASCII);
	}

}
