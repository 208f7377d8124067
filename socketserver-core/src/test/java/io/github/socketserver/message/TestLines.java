package io.github.socketserver.message;

import java.nio.ByteBuffer;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameTooLongException;
import org.jspecify.annotations.Nullable;

/**
 * A line codec for the engine's tests: frames end with LF (a CR before it is dropped),
 * replies get an LF.
 */
final class TestLines implements FrameCodec {

	private final int maxFrameLength;

	TestLines(int maxFrameLength) {
		this.maxFrameLength = maxFrameLength;
	}

	TestLines() {
		this(8192);
	}

	@Override
	public byte @Nullable [] decode(ByteBuffer buffer) throws FrameTooLongException {
		int start = buffer.position();
		for (int index = start; index < buffer.limit(); index++) {
			if (buffer.get(index) == '\n') {
				if (index + 1 - start > this.maxFrameLength) {
					throw tooLong();
				}
				int end = (index > start && buffer.get(index - 1) == '\r') ? index - 1 : index;
				byte[] frame = new byte[end - start];
				buffer.get(start, frame);
				buffer.position(index + 1);
				return frame;
			}
		}
		if (buffer.remaining() > this.maxFrameLength) {
			throw tooLong();
		}
		return null;
	}

	private FrameTooLongException tooLong() {
		return new FrameTooLongException("No line ended within " + this.maxFrameLength + " bytes", this.maxFrameLength);
	}

	@Override
	public ByteBuffer encode(ByteBuffer payload) {
		ByteBuffer framed = ByteBuffer.allocate(payload.remaining() + 1);
		framed.put(payload.duplicate()).put((byte) '\n').flip();
		return framed;
	}

	@Override
	public int maxFrameLength() {
		return this.maxFrameLength;
	}

}
