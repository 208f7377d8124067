package io.github.socketserver.codec;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static io.github.socketserver.codec.Decoding.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DelimiterCodecTests {

	private static final byte[] STX = { 0x02 };

	private static final byte[] ETX = { 0x03 };

	private final DelimiterCodec stxEtx = new DelimiterCodec(8, STX, ETX);

	private final DelimiterCodec mllpLike = new DelimiterCodec(10, new byte[] { 0x0b }, new byte[] { 0x1c, 0x0d });

	@Test
	void decodesStxEtxFramesCutAtEveryByte() throws FrameException {
		Decoding.assertEverySplit(this.stxEtx, bytes("\u0002one\u0003\u0002\u0003\u0002t\u0002o\u0003"), "one", "",
				"t\u0002o");
	}

	@Test
	void decodesFramesEndedBySeveralBytesCutAtEveryByte() throws FrameException {
		Decoding.assertEverySplit(this.mllpLike, bytes("\u000bMSH|1\u001c\r\u000b\u001cx\u001c\r"), "MSH|1", "\u001cx");
		Decoding.assertEverySplit(new DelimiterCodec(8, new byte[] { 0 }), bytes("a\u0000\u0000bc\u0000"), "a", "",
				"bc");
	}

	@Test
	void decodesManyFramesOfOneRead() throws FrameException {
		assertThat(Decoding.frames(this.stxEtx, bytes("\u0002x\u0003".repeat(1000)))).hasSize(1000).containsOnly("x");
	}

	@Test
	void acceptsAFrameOfTheMaximumAndFailsOneByteOverAsSoonAsTheBoundIsPassed() throws FrameException {
		assertThat(Decoding.frames(this.stxEtx, bytes("\u0002123456\u0003"))).containsExactly("123456");
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> Decoding.frames(this.stxEtx, bytes("\u00021234567\u0003")));
		// Eight bytes with no end: the bound is passed before the ninth comes.
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> Decoding.frames(this.stxEtx, bytes("\u00021234567")));
		assertThat(Decoding.leftAfter(this.stxEtx, bytes("\u0002123456"))).isEqualTo(7);
		// The end's first byte within the bound, its second past it.
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> Decoding.frames(this.mllpLike, bytes("\u000b12345678\u001c\r")));
	}

	@Test
	void failsAStreamThatNeverEndsAFrame() {
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> Decoding.trickled(this.stxEtx, bytes("\u0002" + "x".repeat(100))));
	}

	@Test
	void decodesAFrameSentOneByteAtATime() throws FrameException {
		assertThat(Decoding.trickled(this.mllpLike, bytes("\u000bslow\u001c\r\u000bok\u001c\r")))
			.containsExactly("slow", "ok");
	}

	@Test
	void resumesItsSearchAfterTheBytesOfferedBeforeFindingAnEndAcrossThem() throws FrameException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes("\u000bab\u001c\rcd\u001c\r"));
		// Told the first six bytes held no end, it looks again from the sixth (an end
		// may straddle the old bytes and the new), so it finds the later end.
		assertThat(this.mllpLike.decode(buffer.duplicate(), 6)).asString().isEqualTo("ab\u001c\rcd");
		assertThat(this.mllpLike.decode(buffer.duplicate(), 4)).asString().isEqualTo("ab");
	}

	@Test
	void failsBytesBeforeTheStartOfAFrameQuotingThemSafely() {
		assertThatExceptionOfType(FrameException.class)
			.isThrownBy(() -> Decoding.frames(this.stxEtx, bytes("\u0002ok\u0003\r\n\u0002x\u0003")))
			.isNotInstanceOf(FrameTooLongException.class)
			.withMessage("Bytes before the start of a frame: 0x0d 0x0a 0x02 0x78 0x03");
		assertThatExceptionOfType(FrameException.class)
			.isThrownBy(() -> Decoding.frames(this.mllpLike, bytes("GET / HTTP/1.1\r\nHost: x\r\n")))
			.withMessageEndingWith("...");
	}

	@Test
	void encodesBetweenStartAndEnd() {
		ByteBuffer payload = ByteBuffer.wrap(bytes("hi"));
		assertThat(Decoding.text(this.stxEtx.encode(payload))).isEqualTo("\u0002hi\u0003");
		assertThat(Decoding.text(new DelimiterCodec(8, new byte[] { 0 }).encode(payload))).isEqualTo("hi\u0000");
		assertThat(payload.remaining()).isEqualTo(2);
	}

	@Test
	void refusesAnEmptyEndOrAMaximumThatCannotHoldTheDelimiters() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DelimiterCodec(8, new byte[0]));
		assertThatIllegalArgumentException().isThrownBy(() -> new DelimiterCodec(2, STX, new byte[] { 1, 2 }));
	}

}
