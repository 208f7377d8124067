package io.github.socketserver.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Frames with a length header, as Netty's {@code LengthFieldBasedFrameDecoder} reads
 * them: {@code lengthFieldOffset} bytes (a type, a version), then an unsigned length
 * field of 1, 2, 4 or 8 bytes in either byte order, then the content. The frame is
 * {@code lengthFieldOffset + lengthFieldLength + value + lengthAdjustment} bytes long:
 * the adjustment says what the value counts besides the content (a negative one when the
 * value counts the header too, a positive one when a trailer follows that the value
 * leaves out). With {@code stripHeader} a handler gets the frame without its first
 * {@code lengthFieldOffset + lengthFieldLength} bytes.
 * <p>
 * The header is read as soon as it is in: a frame that announces more than the maximum
 * fails then, before its bytes are sent, and a decode costs the same however the bytes
 * arrive. What a handler sends gets a header whose offset bytes are zero and whose value
 * is the payload's length less the adjustment.
 * <p>
 * Stateless and shared by every connection of a server.
 *
 * @since 0.2.0
 */
public final class LengthFieldCodec implements FrameCodec {

	private final int maxFrameLength;

	private final int lengthFieldOffset;

	private final int lengthFieldLength;

	private final ByteOrder order;

	private final int lengthAdjustment;

	private final boolean stripHeader;

	/**
	 * Creates a codec for a big-endian length field at the start of the frame, which
	 * counts the content alone and is stripped.
	 * @param maxFrameLength the longest frame, its header included
	 * @param lengthFieldLength the length field's size: 1, 2, 4 or 8 bytes
	 */
	public LengthFieldCodec(int maxFrameLength, int lengthFieldLength) {
		this(maxFrameLength, 0, lengthFieldLength, ByteOrder.BIG_ENDIAN, 0, true);
	}

	/**
	 * Creates a codec.
	 * @param maxFrameLength the longest frame, its header included; at least the header
	 * @param lengthFieldOffset how many bytes come before the length field, 0 or more
	 * @param lengthFieldLength the length field's size: 1, 2, 4 or 8 bytes
	 * @param order the length field's byte order
	 * @param lengthAdjustment what to add to the field's value to get the length of what
	 * follows the field
	 * @param stripHeader whether a handler gets the frame without the offset bytes and
	 * the length field
	 * @throws IllegalArgumentException if a size is out of its range
	 */
	public LengthFieldCodec(int maxFrameLength, int lengthFieldOffset, int lengthFieldLength, ByteOrder order,
			int lengthAdjustment, boolean stripHeader) {
		if (lengthFieldLength != 1 && lengthFieldLength != 2 && lengthFieldLength != 4 && lengthFieldLength != 8) {
			throw new IllegalArgumentException("lengthFieldLength must be 1, 2, 4 or 8, was " + lengthFieldLength);
		}
		// Past Integer.MAX_VALUE - 8 the header's length would overflow an int.
		if (lengthFieldOffset < 0 || lengthFieldOffset > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException(
					"lengthFieldOffset must be 0 or more, and leave room for the field, was " + lengthFieldOffset);
		}
		this.maxFrameLength = Frames.checkMaxFrameLength(maxFrameLength, lengthFieldOffset + lengthFieldLength);
		this.lengthFieldOffset = lengthFieldOffset;
		this.lengthFieldLength = lengthFieldLength;
		this.order = Objects.requireNonNull(order, "order");
		this.lengthAdjustment = lengthAdjustment;
		this.stripHeader = stripHeader;
	}

	@Override
	public byte @Nullable [] decode(ByteBuffer buffer) throws FrameException {
		int start = buffer.position();
		int headerLength = this.lengthFieldOffset + this.lengthFieldLength;
		if (buffer.limit() - start < headerLength) {
			return null;
		}
		long value = fieldValue(buffer, start + this.lengthFieldOffset);
		// A value this large (an 8-byte field past Long.MAX_VALUE reads negative) is
		// longer
		// than any maximum, whatever the adjustment; below it the sum cannot overflow.
		long frameLength = (value >= 0 && value < 1L << 62) ? headerLength + value + this.lengthAdjustment
				: Long.MAX_VALUE;
		if (frameLength > this.maxFrameLength) {
			throw Frames.tooLong("A frame announced with a length field of " + Long.toUnsignedString(value) + " is",
					this.maxFrameLength);
		}
		if (frameLength < headerLength) {
			throw new FrameException("A length field of " + value + " with an adjustment of " + this.lengthAdjustment
					+ " makes a frame shorter than its " + headerLength + "-byte header");
		}
		if (buffer.limit() - start < frameLength) {
			return null;
		}
		int end = start + (int) frameLength;
		return Frames.take(buffer, this.stripHeader ? start + headerLength : start, end, end);
	}

	private long fieldValue(ByteBuffer buffer, int index) {
		boolean big = this.order == ByteOrder.BIG_ENDIAN;
		long value = 0;
		for (int i = 0; i < this.lengthFieldLength; i++) {
			int at = big ? i : this.lengthFieldLength - 1 - i;
			value = (value << 8) | (buffer.get(index + at) & 0xff);
		}
		return value;
	}

	@Override
	public ByteBuffer encode(ByteBuffer payload) {
		long value = (long) payload.remaining() - this.lengthAdjustment;
		if (value < 0 || (this.lengthFieldLength < 8 && value >= 1L << (8 * this.lengthFieldLength))) {
			throw new IllegalArgumentException("A payload of " + payload.remaining() + " bytes makes a length of "
					+ value + ", which a " + this.lengthFieldLength + "-byte length field cannot hold");
		}
		int headerLength = this.lengthFieldOffset + this.lengthFieldLength;
		ByteBuffer framed = ByteBuffer.allocate(headerLength + payload.remaining());
		boolean big = this.order == ByteOrder.BIG_ENDIAN;
		for (int i = 0; i < this.lengthFieldLength; i++) {
			int shift = 8 * (big ? this.lengthFieldLength - 1 - i : i);
			framed.put(this.lengthFieldOffset + i, (byte) (value >>> shift));
		}
		return framed.position(headerLength).put(payload.duplicate()).flip();
	}

	@Override
	public int maxFrameLength() {
		return this.maxFrameLength;
	}

	@Override
	public String toString() {
		return "length-field (" + this.lengthFieldLength + " bytes at " + this.lengthFieldOffset + ", " + this.order
				+ ", adjustment " + this.lengthAdjustment + (this.stripHeader ? ", stripped" : ", kept") + ", at most "
				+ this.maxFrameLength + " bytes)";
	}

}
