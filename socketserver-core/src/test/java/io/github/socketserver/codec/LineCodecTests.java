package io.github.socketserver.codec;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static io.github.socketserver.codec.Decoding.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LineCodecTests {

	private final LineCodec codec = new LineCodec(8);

	@Test
	void decodesLinesEndedByLfOrCrlfCutAtEveryByte() throws FrameException {
		Decoding.assertEverySplit(this.codec, bytes("one\ntwo\r\n\nr\rx\r\n\r\n"), "one", "two", "", "r\rx", "");
	}

	@Test
	void decodesManyLinesOfOneRead() throws FrameException {
		StringBuilder input = new StringBuilder();
		for (int i = 0; i < 1000; i++) {
			input.append(i).append("\r\n");
		}
		assertThat(Decoding.frames(this.codec, bytes(input.toString()))).hasSize(1000)
			.startsWith("0", "1")
			.endsWith("999");
	}

	@Test
	void acceptsALineOfTheMaximumWithItsLineEnd() throws FrameException {
		assertThat(Decoding.frames(this.codec, bytes("1234567\n123456\r\n"))).containsExactly("1234567", "123456");
	}

	@Test
	void failsALineOneByteOverTheMaximumAsSoonAsTheBoundIsPassed() throws FrameException {
		// Eight bytes without a line end: the line cannot end within eight bytes.
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> Decoding.frames(this.codec, bytes("12345678")))
			.satisfies((ex) -> assertThat(ex.maxFrameLength()).isEqualTo(8));
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> Decoding.frames(this.codec, bytes("1234567\r\n")));
		assertThat(Decoding.leftAfter(this.codec, bytes("1234567"))).isEqualTo(7);
	}

	@Test
	void failsAStreamThatNeverEndsALineWhenTheBoundIsReached() {
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> Decoding.trickled(this.codec, bytes("ok\n" + "x".repeat(100))))
			.withMessageContaining("8 bytes");
	}

	@Test
	void decodesALineSentOneByteAtATime() throws FrameException {
		assertThat(Decoding.trickled(this.codec, bytes("slow\r\nlines\n"))).containsExactly("slow", "lines");
	}

	@Test
	void resumesItsSearchAfterTheBytesOfferedBefore() throws FrameException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes("ab\ncd\r\n"));
		// Told the first four bytes held no LF, it looks only from the fifth: a line ends
		// there, CR and all, and the whole line is returned.
		assertThat(this.codec.decode(buffer.duplicate(), 4)).asString().isEqualTo("ab\ncd");
		assertThat(this.codec.decode(buffer.duplicate(), 0)).asString().isEqualTo("ab");
	}

	@Test
	void takesALastLineWithoutItsEndAtTheEndOfTheInput() throws FrameException {
		ByteBuffer datagram = ByteBuffer.wrap(bytes("a:1|c\nb:2|c"));
		assertThat(this.codec.decodeLast(datagram)).asString().isEqualTo("a:1|c");
		assertThat(this.codec.decodeLast(datagram)).asString().isEqualTo("b:2|c");
		assertThat(this.codec.decodeLast(datagram)).isNull();
		assertThat(this.codec.decodeLast(ByteBuffer.wrap(bytes("12345678")))).asString().isEqualTo("12345678");
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> this.codec.decodeLast(ByteBuffer.wrap(bytes("123456789"))));
	}

	@Test
	void leavesThePositionOnAnIncompleteLine() throws FrameException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes("abc"));
		assertThat(this.codec.decode(buffer)).isNull();
		assertThat(buffer.position()).isZero();
	}

	@Test
	void encodesWithTheSeparatorChosenAndLeavesThePayloadAsItWas() {
		ByteBuffer payload = ByteBuffer.wrap(bytes("PONG"));
		assertThat(Decoding.text(this.codec.encode(payload))).isEqualTo("PONG\n");
		assertThat(Decoding.text(new LineCodec(8, LineCodec.Separator.CRLF).encode(payload))).isEqualTo("PONG\r\n");
		assertThat(payload.remaining()).isEqualTo(4);
	}

	@Test
	void refusesAMaximumThatCannotHoldALineEnd() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LineCodec(1));
	}

}
