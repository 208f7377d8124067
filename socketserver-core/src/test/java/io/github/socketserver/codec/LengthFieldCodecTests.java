package io.github.socketserver.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.socketserver.codec.Decoding.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LengthFieldCodecTests {

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 4, 8 })
	void decodesFramesOfEveryFieldSizeInEitherOrderCutAtEveryByte(int fieldLength) throws FrameException {
		for (ByteOrder order : new ByteOrder[] { ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN }) {
			LengthFieldCodec codec = new LengthFieldCodec(300, 0, fieldLength, order, 0, true);
			String last = "x".repeat(255);
			byte[] input = concat(codec.encode(wrap("hello")), codec.encode(wrap("")), codec.encode(wrap(last)));
			Decoding.assertEverySplit(codec, input, "hello", "", last);
		}
	}

	@Test
	void readsTheFieldInTheOrderGiven() throws FrameException {
		byte[] bigEndian = { 0, 3, 'a', 'b', 'c' };
		byte[] littleEndian = { 3, 0, 'a', 'b', 'c' };
		assertThat(Decoding.frames(new LengthFieldCodec(16, 2), bigEndian)).containsExactly("abc");
		assertThat(Decoding.frames(new LengthFieldCodec(16, 0, 2, ByteOrder.LITTLE_ENDIAN, 0, true), littleEndian))
			.containsExactly("abc");
	}

	@Test
	void readsTheFieldAsUnsigned() throws FrameException {
		byte[] input = new byte[2 + 0xff];
		input[0] = 0;
		input[1] = (byte) 0xff;
		assertThat(Decoding.frames(new LengthFieldCodec(300, 2), input)).singleElement()
			.satisfies((frame) -> assertThat(frame).hasSize(255));
	}

	@Test
	void keepsTheHeaderWhenAskedAndSkipsTheOffset() throws FrameException {
		// A type byte, then a 2-byte length that counts the whole frame (header
		// included).
		LengthFieldCodec codec = new LengthFieldCodec(64, 1, 2, ByteOrder.BIG_ENDIAN, -3, false);
		byte[] input = { 'T', 0, 5, 'h', 'i', 'U', 0, 3 };
		assertThat(Decoding.frames(codec, input)).containsExactly("T\u0000\u0005hi", "U\u0000\u0003");
		LengthFieldCodec stripping = new LengthFieldCodec(64, 1, 2, ByteOrder.BIG_ENDIAN, -3, true);
		Decoding.assertEverySplit(stripping, input, "hi", "");
	}

	@Test
	void addsAPositiveAdjustmentForATrailerTheFieldLeavesOut() throws FrameException {
		LengthFieldCodec codec = new LengthFieldCodec(64, 0, 1, ByteOrder.BIG_ENDIAN, 2, true);
		assertThat(Decoding.frames(codec, new byte[] { 1, 'a', 'c', 'k', 1, 'b', 'o', 'k' })).containsExactly("ack",
				"bok");
	}

	@Test
	void decodesManyFramesOfOneRead() throws FrameException {
		LengthFieldCodec codec = new LengthFieldCodec(64, 4);
		ByteArrayOutputStream input = new ByteArrayOutputStream();
		for (int i = 0; i < 1000; i++) {
			input.writeBytes(toArray(codec.encode(wrap("frame " + i))));
		}
		assertThat(Decoding.frames(codec, input.toByteArray())).hasSize(1000).endsWith("frame 999");
	}

	@Test
	void acceptsAFrameOfTheMaximumAndFailsOneByteOver() throws FrameException {
		LengthFieldCodec codec = new LengthFieldCodec(10, 2);
		assertThat(Decoding.frames(codec, toArray(codec.encode(wrap("12345678"))))).containsExactly("12345678");
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> Decoding.frames(codec, toArray(codec.encode(wrap("123456789")))));
	}

	@Test
	void failsAHeaderAnnouncingMoreThanTheMaximumBeforeItsBytesCome() {
		LengthFieldCodec codec = new LengthFieldCodec(1024, 4);
		// Only the header: the 2 GB it announces never has to arrive.
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(() -> Decoding.frames(codec, new byte[] { 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff }))
			.withMessageContaining("2147483647")
			.withMessageContaining("1024");
		LengthFieldCodec wide = new LengthFieldCodec(1024, 8);
		assertThatExceptionOfType(FrameTooLongException.class)
			.isThrownBy(
					() -> Decoding
						.frames(wide,
								new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
										(byte) 0xff, (byte) 0xff, (byte) 0xff }))
			.withMessageContaining("18446744073709551615");
	}

	@Test
	void failsALengthThatMakesTheFrameShorterThanItsHeader() {
		LengthFieldCodec codec = new LengthFieldCodec(64, 0, 2, ByteOrder.BIG_ENDIAN, -4, true);
		assertThatExceptionOfType(FrameException.class).isThrownBy(() -> Decoding.frames(codec, new byte[] { 0, 1 }))
			.isNotInstanceOf(FrameTooLongException.class)
			.withMessageContaining("shorter than its 2-byte header");
	}

	@Test
	void decodesAFrameSentOneByteAtATime() throws FrameException {
		LengthFieldCodec codec = new LengthFieldCodec(64, 2);
		byte[] input = concat(codec.encode(wrap("slow")), codec.encode(wrap("frame")));
		assertThat(Decoding.trickled(codec, input)).containsExactly("slow", "frame");
		assertThat(Decoding.leftAfter(codec, new byte[] { 0, 4, 's', 'l' })).isEqualTo(4);
	}

	@Test
	void encodesTheOffsetAsZerosAndTheLengthLessTheAdjustment() {
		LengthFieldCodec codec = new LengthFieldCodec(64, 1, 2, ByteOrder.LITTLE_ENDIAN, -3, true);
		ByteBuffer payload = wrap("hi");
		assertThat(toArray(codec.encode(payload))).containsExactly(0, 5, 0, 'h', 'i');
		assertThat(payload.remaining()).isEqualTo(2);
	}

	@Test
	void refusesToEncodeALengthTheFieldCannotHold() {
		LengthFieldCodec codec = new LengthFieldCodec(1024, 1);
		assertThat(toArray(codec.encode(ByteBuffer.allocate(255)))).hasSize(256);
		assertThatIllegalArgumentException().isThrownBy(() -> codec.encode(ByteBuffer.allocate(256)))
			.withMessageContaining("1-byte length field");
		LengthFieldCodec counting = new LengthFieldCodec(1024, 0, 2, ByteOrder.BIG_ENDIAN, 2, true);
		assertThatIllegalArgumentException().isThrownBy(() -> counting.encode(ByteBuffer.allocate(1)));
	}

	@Test
	void refusesOtherFieldSizes() {
		for (int size : new int[] { 0, 3, 5, 16 }) {
			assertThatIllegalArgumentException().isThrownBy(() -> new LengthFieldCodec(64, size))
				.withMessageContaining("1, 2, 4 or 8");
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LengthFieldCodec(3, 2, 2, ByteOrder.BIG_ENDIAN, 0, true));
	}

	@Test
	void refusesAHeaderLongerThanAnyFrame() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LengthFieldCodec(1024, Integer.MAX_VALUE - 1, 4, ByteOrder.BIG_ENDIAN, 0, true))
			.withMessageContaining("lengthFieldOffset");
	}

	private static ByteBuffer wrap(String text) {
		return ByteBuffer.wrap(bytes(text));
	}

	private static byte[] toArray(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return bytes;
	}

	private static byte[] concat(ByteBuffer... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (ByteBuffer part : parts) {
			out.writeBytes(toArray(part));
		}
		return out.toByteArray();
	}

}
