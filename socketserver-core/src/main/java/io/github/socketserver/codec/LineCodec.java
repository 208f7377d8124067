package io.github.socketserver.codec;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Frames as lines: a frame ends with LF or CRLF, both accepted whatever the codec sends,
 * and stripped. What a handler sends gets the codec's {@link Separator}, LF by default.
 * <p>
 * The maximum counts the line with its line end. A call looks for the LF in at most
 * {@code maxFrameLength} bytes, and once that many bytes hold no LF the line fails at
 * once; {@link #decode(ByteBuffer, int)} resumes where the last call stopped, so that a
 * line is scanned once however many reads bring it. At the end of a datagram, a last line
 * without its line end is a line.
 * <p>
 * Stateless and shared by every connection of a server.
 *
 * @since 0.2.0
 */
public final class LineCodec implements FrameCodec {

	private static final byte LF = '\n';

	private static final byte CR = '\r';

	private final int maxFrameLength;

	private final Separator separator;

	/**
	 * Creates a codec that ends what it sends with LF.
	 * @param maxFrameLength the longest line, its line end included, at least 2
	 */
	public LineCodec(int maxFrameLength) {
		this(maxFrameLength, Separator.LF);
	}

	/**
	 * Creates a codec.
	 * @param maxFrameLength the longest line, its line end included, at least 2
	 * @param separator what ends the lines it sends
	 */
	public LineCodec(int maxFrameLength, Separator separator) {
		this.maxFrameLength = Frames.checkMaxFrameLength(maxFrameLength, 2);
		this.separator = Objects.requireNonNull(separator, "separator");
	}

	@Override
	public byte @Nullable [] decode(ByteBuffer buffer) throws FrameException {
		return decode(buffer, 0, false);
	}

	@Override
	public byte @Nullable [] decode(ByteBuffer buffer, int scanned) throws FrameException {
		return decode(buffer, scanned, false);
	}

	@Override
	public byte @Nullable [] decodeLast(ByteBuffer buffer) throws FrameException {
		return decode(buffer, 0, true);
	}

	private byte @Nullable [] decode(ByteBuffer buffer, int scanned, boolean last) throws FrameException {
		int start = buffer.position();
		int end = (int) Math.min(buffer.limit(), (long) start + this.maxFrameLength);
		// A byte offered before held no LF; a CR before the LF is looked at all the same.
		for (int i = (int) Math.min(end, (long) start + Math.max(0, scanned)); i < end; i++) {
			if (buffer.get(i) == LF) {
				int content = (i > start && buffer.get(i - 1) == CR) ? i - 1 : i;
				return Frames.take(buffer, start, content, i + 1);
			}
		}
		int buffered = buffer.limit() - start;
		if (last && buffered > 0 && buffered <= this.maxFrameLength) {
			return Frames.take(buffer, start, buffer.limit(), buffer.limit());
		}
		if (buffered >= this.maxFrameLength) {
			throw Frames.tooLong("A line", this.maxFrameLength);
		}
		return null;
	}

	@Override
	public ByteBuffer encode(ByteBuffer payload) {
		byte[] end = this.separator.bytes;
		ByteBuffer framed = ByteBuffer.allocate(payload.remaining() + end.length);
		return framed.put(payload.duplicate()).put(end).flip();
	}

	@Override
	public int maxFrameLength() {
		return this.maxFrameLength;
	}

	/**
	 * {@return what ends the lines this codec sends}
	 */
	public Separator separator() {
		return this.separator;
	}

	@Override
	public String toString() {
		return "line (" + this.separator + ", at most " + this.maxFrameLength + " bytes)";
	}

	/**
	 * What ends a line that a handler sends.
	 */
	public enum Separator {

		/**
		 * {@code \n}, as Unix tools and most line protocols send.
		 */
		LF(new byte[] { '\n' }),

		/**
		 * {@code \r\n}, as Internet protocols (SMTP, Redis inline, HTTP/1 heads) send.
		 */
		CRLF(new byte[] { '\r', '\n' });

		private final byte[] bytes;

		Separator(byte[] bytes) {
			this.bytes = bytes;
		}

	}

}
