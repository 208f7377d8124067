package io.github.socketserver.codec;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * PLACEHOLDER in wt-boot until the codecs land on main; delete at merge.
 */
public final class DelimiterCodec implements FrameCodec {

	private final int maxFrameLength;

	public DelimiterCodec(int maxFrameLength, byte[] delimiter) {
		this.maxFrameLength = maxFrameLength;
	}

	public DelimiterCodec(int maxFrameLength, byte[] start, byte[] end) {
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
