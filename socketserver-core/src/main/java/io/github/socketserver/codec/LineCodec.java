package io.github.socketserver.codec;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * PLACEHOLDER in wt-boot until the codecs land on main; delete at merge.
 */
public final class LineCodec implements FrameCodec {

	/**
	 * The line end sent.
	 */
	public enum Separator {

		/**
		 * A line feed.
		 */
		LF,

		/**
		 * A carriage return and a line feed.
		 */
		CRLF

	}

	private final int maxFrameLength;

	private final Separator separator;

	public LineCodec(int maxFrameLength) {
		this(maxFrameLength, Separator.LF);
	}

	public LineCodec(int maxFrameLength, Separator separator) {
		this.maxFrameLength = maxFrameLength;
		this.separator = separator;
	}

	public Separator separator() {
		return this.separator;
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
