package io.github.socketserver.codec;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static io.github.socketserver.codec.Decoding.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FixedLengthCodecTests {

	private final FixedLengthCodec codec = new FixedLengthCodec(4);

	@Test
	void decodesFramesOfTheLengthCutAtEveryByte() throws FrameException {
		Decoding.assertEverySplit(this.codec, bytes("abcd\r\n\u0000\u0000wxyz"), "abcd", "\r\n\u0000\u0000", "wxyz");
	}

	@Test
	void decodesManyFramesOfOneReadAndLeavesAnIncompleteOne() throws FrameException {
		assertThat(Decoding.frames(this.codec, bytes("1234".repeat(500)))).hasSize(500).containsOnly("1234");
		assertThat(Decoding.leftAfter(this.codec, bytes("1234123"))).isEqualTo(3);
	}

	@Test
	void decodesAFrameSentOneByteAtATime() throws FrameException {
		assertThat(Decoding.trickled(this.codec, bytes("slowfram"))).containsExactly("slow", "fram");
	}

	@Test
	void failsAnIncompleteFrameAtTheEndOfTheInput() throws FrameException {
		ByteBuffer datagram = ByteBuffer.wrap(bytes("abcdef"));
		assertThat(this.codec.decodeLast(datagram)).asString().isEqualTo("abcd");
		assertThatExceptionOfType(FrameException.class).isThrownBy(() -> this.codec.decodeLast(datagram))
			.withMessageContaining("after 2 of its bytes");
	}

	@Test
	void encodesOnlyPayloadsOfTheLength() {
		assertThat(Decoding.text(this.codec.encode(ByteBuffer.wrap(bytes("1234"))))).isEqualTo("1234");
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(ByteBuffer.wrap(bytes("123"))));
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(ByteBuffer.wrap(bytes("12345"))));
		assertThat(this.codec.maxFrameLength()).isEqualTo(4);
	}

}
