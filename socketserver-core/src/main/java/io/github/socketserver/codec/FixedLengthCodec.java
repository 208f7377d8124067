package io.github.socketserver.codec;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Frames of one size: every frame is {@code frameLength} bytes, with nothing around it,
 * which is also the maximum. What a handler sends must have that length.
 * <p>
 * Stateless and shared by every connection of a server.
 *
 * @since 0.2.0
 */
public final class FixedLengthCodec implements FrameCodec {

	private final int frameLength;

	/**
	 * Creates a codec.
	 * @param frameLength the length of every frame, at least 1
	 */
	public FixedLengthCodec(int frameLength) {
		this.frameLength = Frames.checkMaxFrameLength(frameLength, 1);
	}

	@Override
	public byte @Nullable [] decode(ByteBuffer buffer) {
		int start = buffer.position();
		if (buffer.limit() - start < this.frameLength) {
			return null;
		}
		return Frames.take(buffer, start, start + this.frameLength, start + this.frameLength);
	}

	@Override
	public ByteBuffer encode(ByteBuffer payload) {
		if (payload.remaining() != this.frameLength) {
			throw new IllegalArgumentException(
					"A frame must be " + this.frameLength + " bytes, the payload was " + payload.remaining());
		}
		return payload.duplicate();
	}

	@Override
	public int maxFrameLength() {
		return this.frameLength;
	}

	@Override
	public String toString() {
		return "fixed (" + this.frameLength + " bytes)";
	}

}
