package io.github.socketserver.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.jspecify.annotations.Nullable;

/**
 * PLACEHOLDER in wt-boot until the codecs land on main; delete at merge.
 */
public final class LengthFieldCodec implements FrameCodec {

	private final int maxFrameLength;

	public LengthFieldCodec(int maxFrameLength, int lengthFieldOffset, int lengthFieldLength, ByteOrder order,
			int lengthAdjustment, boolean stripHeader) {
		this.maxFrameLength = maxFrameLength;
	}

	@Override
	public byte @Nullable [] decode(ByteBuffer buffer) {
		throw new UnsupportedOperationException("placeholder");
	}

	@Override
	public ByteBuffer encode(ByteBuffer payload) {
		throw new UnsupportedOperationException("placeholder");
	}

	@Override
	public int maxFrameLength() {
		return this.maxFrameLength;
	}

}
