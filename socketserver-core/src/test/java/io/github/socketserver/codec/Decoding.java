package io.github.socketserver.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds a codec as a reader does: bytes arrive in parts into one growing buffer, every
 * whole frame is taken after each part, and a search resumes after the bytes offered
 * before. The every-split checks also cover the plain decode, which starts over.
 */
final class Decoding {

	private final FrameCodec codec;

	private final ByteBuffer buffer;

	private final List<String> frames = new ArrayList<>();

	/**
	 * Bytes offered without a frame since the last frame, as a reader resumes.
	 */
	private int scanned;

	private Decoding(FrameCodec codec, int capacity) {
		this.codec = codec;
		this.buffer = ByteBuffer.allocate(capacity);
	}

	/**
	 * Feeds the input cut in the given parts, and gives the frames as ISO-8859-1 text.
	 */
	static List<String> frames(FrameCodec codec, byte[] input, int... cuts) throws FrameException {
		Decoding decoding = new Decoding(codec, input.length);
		int from = 0;
		for (int cut : cuts) {
			decoding.feed(Arrays.copyOfRange(input, from, cut));
			from = cut;
		}
		decoding.feed(Arrays.copyOfRange(input, from, input.length));
		return decoding.frames;
	}

	/**
	 * Feeds the input one byte at a time.
	 */
	static List<String> trickled(FrameCodec codec, byte[] input) throws FrameException {
		Decoding decoding = new Decoding(codec, input.length);
		for (byte b : input) {
			decoding.feed(new byte[] { b });
		}
		return decoding.frames;
	}

	/**
	 * Checks that the input gives the frames expected when cut in two at every byte
	 * boundary.
	 */
	static void assertEverySplit(FrameCodec codec, byte[] input, String... expected) throws FrameException {
		for (int cut = 0; cut <= input.length; cut++) {
			assertThat(frames(codec, input, cut)).as("cut at %d", cut).containsExactly(expected);
			assertThat(frames(new Restarting(codec), input, cut)).as("cut at %d, starting over", cut)
				.containsExactly(expected);
		}
	}

	/**
	 * A codec that ignores what was scanned before, as a caller of the plain decode has
	 * it.
	 */
	private record Restarting(FrameCodec codec) implements FrameCodec {

		@Override
		public byte[] decode(ByteBuffer buffer) throws FrameException {
			return this.codec.decode(buffer);
		}

		@Override
		public ByteBuffer encode(ByteBuffer payload) {
			return this.codec.encode(payload);
		}

		@Override
		public int maxFrameLength() {
			return this.codec.maxFrameLength();
		}

	}

	/**
	 * How many bytes the codec left buffered after the input: a frame still incomplete.
	 */
	static int leftAfter(FrameCodec codec, byte[] input) throws FrameException {
		Decoding decoding = new Decoding(codec, input.length);
		decoding.feed(input);
		return decoding.buffer.position();
	}

	private void feed(byte[] part) throws FrameException {
		this.buffer.put(part).flip();
		byte[] frame;
		while ((frame = this.codec.decode(this.buffer, this.scanned)) != null) {
			this.frames.add(new String(frame, StandardCharsets.ISO_8859_1));
			this.scanned = 0;
		}
		this.scanned = this.buffer.remaining();
		this.buffer.compact();
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	static String text(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.duplicate().get(bytes);
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}

}
