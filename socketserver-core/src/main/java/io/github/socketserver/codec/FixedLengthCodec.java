package io.github.socketserver.codec;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * PLACEHOLDER in wt-boot until the codecs land on main; delete at merge.
 */
public final class FixedLengthCodec implements FrameCodec {

	private final int frameLength;

	public FixedLengthCodec(int frameLength) {
		this.frameLength = frameLength;
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
		return this.frameLength;
	}

}
