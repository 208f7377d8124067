package io.github.socketserver.codec;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Frames that end with a byte sequence, and may start with one: {@code 0x02} and
 * {@code 0x03} (STX and ETX), MLLP's {@code 0x0b} and {@code 0x1c 0x0d}, a NUL. Both are
 * stripped; what a handler sends gets them around it.
 * <p>
 * With a start sequence, bytes before a frame's start can never make a frame: the decoder
 * fails on them rather than skip a client's garbage silently. The maximum counts the
 * start and end sequences. A call looks for the end in at most {@code maxFrameLength}
 * bytes (about one comparison per byte, the end's first byte being looked for alone), and
 * once that many bytes hold no end the frame fails at once;
 * {@link #decode(ByteBuffer, int)} resumes where the last call stopped, so that a frame
 * is scanned once however many reads bring it.
 * <p>
 * Stateless and shared by every connection of a server.
 *
 * @since 0.2.0
 */
public final class DelimiterCodec implements FrameCodec {

	private final int maxFrameLength;

	private final byte[] start;

	private final byte[] end;

	/**
	 * Creates a codec for frames that end with a delimiter.
	 * @param maxFrameLength the longest frame, its delimiter included
	 * @param delimiter what ends a frame, at least one byte
	 */
	public DelimiterCodec(int maxFrameLength, byte[] delimiter) {
		this(maxFrameLength, new byte[0], delimiter);
	}

	/**
	 * Creates a codec for frames between a start and an end, such as STX and ETX.
	 * @param maxFrameLength the longest frame, its start and end included
	 * @param start what starts a frame; empty for nothing
	 * @param end what ends a frame, at least one byte
	 * @throws IllegalArgumentException if the end is empty, or the maximum cannot hold
	 * the start and the end
	 */
	public DelimiterCodec(int maxFrameLength, byte[] start, byte[] end) {
		if (end.length == 0) {
			throw new IllegalArgumentException("The end delimiter must have at least one byte");
		}
		this.start = Objects.requireNonNull(start, "start").clone();
		this.end = end.clone();
		this.maxFrameLength = Frames.checkMaxFrameLength(maxFrameLength, start.length + end.length);
	}

	@Override
	public byte @Nullable [] decode(ByteBuffer buffer) throws FrameException {
		return decode(buffer, 0);
	}

	@Override
	public byte @Nullable [] decode(ByteBuffer buffer, int scanned) throws FrameException {
		int first = buffer.position();
		int buffered = buffer.limit() - first;
		if (buffered == 0) {
			return null;
		}
		if (!Frames.matches(buffer, first, this.start)) {
			throw new FrameException("Bytes before the start of a frame: " + Frames.quote(buffer, first));
		}
		int content = first + this.start.length;
		int bound = (int) Math.min(buffer.limit(), (long) first + this.maxFrameLength);
		// An end may straddle the bytes offered before and the new ones.
		int from = (int) Math.max(content, (long) first + Math.max(0, scanned) - (this.end.length - 1));
		int found = (from <= bound) ? Frames.indexOf(buffer, this.end, from, bound) : -1;
		if (found >= 0) {
			return Frames.take(buffer, content, found, found + this.end.length);
		}
		if (buffered >= this.maxFrameLength) {
			throw Frames.tooLong("A frame", this.maxFrameLength);
		}
		return null;
	}

	@Override
	public ByteBuffer encode(ByteBuffer payload) {
		ByteBuffer framed = ByteBuffer.allocate(this.start.length + payload.remaining() + this.end.length);
		return framed.put(this.start).put(payload.duplicate()).put(this.end).flip();
	}

	@Override
	public int maxFrameLength() {
		return this.maxFrameLength;
	}

	@Override
	public String toString() {
		return "delimiter (" + this.start.length + "-byte start, " + this.end.length + "-byte end, at most "
				+ this.maxFrameLength + " bytes)";
	}

}
