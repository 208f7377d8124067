package io.github.socketserver.codec;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * Cuts a byte stream into frames and frames what is sent: lines, a length header,
 * delimited records, fixed-size records, or a protocol of the user's own.
 * <p>
 * A codec is shared by every connection of its server and keeps no state between calls:
 * the engine keeps the bytes of a frame still incomplete and offers them again, with
 * more, on the next call. Every codec has a maximum frame length; a frame longer than
 * that, or bytes that can never make a frame, fail with a {@link FrameException}, and the
 * connection is closed.
 *
 * @since 0.2.0
 */
public interface FrameCodec {

	/**
	 * Decodes the next frame from the bytes read so far.
	 * @param buffer the bytes from its position to its limit; on a frame, its position is
	 * moved past the frame's last byte (its delimiter or header included), otherwise it
	 * is left where it was
	 * @return the frame's content (without a delimiter, and without a header the codec
	 * strips), or {@code null} if the buffer holds no whole frame yet
	 * @throws FrameTooLongException if the next frame is, or announces to be, longer than
	 * {@link #maxFrameLength()}, or no frame ends within that many bytes
	 * @throws FrameException if the bytes can never make a frame
	 */
	byte @Nullable [] decode(ByteBuffer buffer) throws FrameException;

	/**
	 * Decodes the next frame, knowing that an earlier call was offered the first
	 * {@code scanned} bytes from the same position and found no frame in them: a codec
	 * that searches for a delimiter resumes there, so that a frame arriving in many reads
	 * is scanned once, not once per read. The caller must not have consumed anything
	 * since; by default this is {@link #decode(ByteBuffer)}.
	 * @param buffer the bytes, as for {@link #decode(ByteBuffer)}
	 * @param scanned how many bytes from the position were offered before, 0 for none
	 * @return the frame's content, or {@code null} if the buffer holds no whole frame yet
	 * @throws FrameException as {@link #decode(ByteBuffer)} does
	 */
	default byte @Nullable [] decode(ByteBuffer buffer, int scanned) throws FrameException {
		return decode(buffer);
	}

	/**
	 * Decodes the next frame where no more bytes will come, as at the end of one
	 * datagram. By default the bytes must make whole frames; a codec may accept a last
	 * frame without its end (the line codec takes a last line without its line end).
	 * @param buffer the bytes left, as for {@link #decode(ByteBuffer)}
	 * @return the frame's content, or {@code null} if the buffer is empty
	 * @throws FrameException if the bytes left are not a whole frame
	 */
	default byte @Nullable [] decodeLast(ByteBuffer buffer) throws FrameException {
		byte[] frame = decode(buffer);
		if (frame == null && buffer.hasRemaining()) {
			throw new FrameException("The input ended inside a frame, after " + buffer.remaining() + " of its bytes");
		}
		return frame;
	}

	/**
	 * Frames what a handler sends: adds a delimiter or a header.
	 * @param payload the content, from its position to its limit; not modified
	 * @return the bytes to write, the payload itself where the codec adds nothing
	 * @throws IllegalArgumentException if the codec cannot frame it (a fixed-length codec
	 * given another length, a payload longer than a length field can say)
	 */
	ByteBuffer encode(ByteBuffer payload);

	/**
	 * The longest frame this codec accepts, in bytes, its delimiter or header included.
	 * @return the bound
	 */
	int maxFrameLength();

}
