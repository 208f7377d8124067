package io.github.socketserver.codec;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * What the codecs share: the check of a bound, a bounded search, and a safe quote of
 * client bytes.
 */
final class Frames {

	private static final int QUOTED_BYTES = 16;

	private Frames() {
	}

	static int checkMaxFrameLength(int maxFrameLength, int least) {
		if (maxFrameLength < least) {
			throw new IllegalArgumentException(
					"maxFrameLength must be at least " + least + " here, was " + maxFrameLength);
		}
		return maxFrameLength;
	}

	/**
	 * Finds a byte sequence between two absolute indexes, the whole sequence inside them.
	 * The cost is at most {@code (to - from) * pattern.length} comparisons, and usually
	 * {@code to - from}: the first byte is looked for alone.
	 * @return the absolute index where it starts, or -1
	 */
	static int indexOf(ByteBuffer buffer, byte[] pattern, int from, int to) {
		int last = to - pattern.length;
		byte first = pattern[0];
		for (int i = from; i <= last; i++) {
			if (buffer.get(i) == first && matches(buffer, i, pattern)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Whether the bytes at an absolute index are the pattern, as far as the buffer goes.
	 */
	static boolean matches(ByteBuffer buffer, int index, byte[] pattern) {
		int length = Math.min(pattern.length, buffer.limit() - index);
		for (int j = 0; j < length; j++) {
			if (buffer.get(index + j) != pattern[j]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Copies bytes between absolute indexes and moves the position to {@code next}.
	 */
	static byte[] take(ByteBuffer buffer, int from, int to, int next) {
		byte[] frame = new byte[to - from];
		buffer.get(from, frame);
		buffer.position(next);
		return frame;
	}

	/**
	 * The first bytes from an absolute index, in hexadecimal: client bytes quoted safely
	 * in a message.
	 */
	static String quote(ByteBuffer buffer, int from) {
		int length = Math.min(QUOTED_BYTES, buffer.limit() - from);
		byte[] bytes = new byte[length];
		buffer.get(from, bytes);
		String hex = HexFormat.ofDelimiter(" ").withPrefix("0x").formatHex(bytes);
		return (buffer.limit() - from > length) ? hex + " ..." : hex;
	}

	static FrameTooLongException tooLong(String what, int maxFrameLength) {
		return new FrameTooLongException(what + " longer than the maximum of " + maxFrameLength + " bytes",
				maxFrameLength);
	}

}
