package io.github.socketserver.sample;

import java.nio.ByteBuffer;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameException;
import io.github.socketserver.codec.FrameTooLongException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The framing of the Redis protocol (RESP), a codec of the application's own: the
 * {@code message-ping} servers name this bean in {@code framing.codec-bean}.
 * <p>
 * A frame is one command: an inline command is a line ({@code PING\r\n}, given without
 * its line end), and a RESP array ({@code *2\r\n$4\r\nPING\r\n$5\r\nhello\r\n}, as
 * {@code redis-cli} and {@code redis-benchmark -t ping_mbulk} send) is one frame, given
 * whole, with its header, for {@link RespCommand} to read. Anything else in an array,
 * more than {@value #MAX_ARGUMENTS} arguments, or a frame longer than its maximum is
 * refused, and the server closes the connection. Replies are written in RESP by the
 * handler ({@code +PONG\r\n}): the codec adds nothing to them.
 * <p>
 * It keeps no state: the engine offers the bytes of an incomplete frame again, with more.
 */
@Component
class RespCodec implements FrameCodec {

	static final int MAX_ARGUMENTS = 1024;

	private static final int INCOMPLETE = -1;

	private final int maxFrameLength;

	RespCodec() {
		this(64 * 1024);
	}

	RespCodec(int maxFrameLength) {
		this.maxFrameLength = maxFrameLength;
	}

	@Override
	public byte @Nullable [] decode(ByteBuffer buffer) throws FrameException {
		return decode(buffer, 0);
	}

	/**
	 * Decodes the next command; the search for the end of an inline one resumes after the
	 * {@code scanned} bytes that held none, so that a line dripped a byte at a time is
	 * not searched again from its start at each read (an array is walked by its lengths).
	 */
	@Override
	public byte @Nullable [] decode(ByteBuffer buffer, int scanned) throws FrameException {
		int start = buffer.position();
		if (start == buffer.limit()) {
			return null;
		}
		int end = (buffer.get(start) == '*') ? arrayEnd(buffer, start) : inlineEnd(buffer, start, scanned);
		if (end == INCOMPLETE) {
			if (buffer.limit() - start >= this.maxFrameLength) {
				throw tooLong("a command");
			}
			return null;
		}
		boolean inline = buffer.get(start) != '*';
		// An inline command is given without its line end (LF, or CR LF).
		int contentEnd = inline ? end - ((end - 2 >= start && buffer.get(end - 2) == '\r') ? 2 : 1) : end;
		byte[] frame = new byte[contentEnd - start];
		buffer.get(start, frame);
		buffer.position(end);
		return frame;
	}

	/**
	 * Where the line from {@code start} ends, after its LF.
	 */
	private int inlineEnd(ByteBuffer buffer, int start, int scanned) {
		int last = Math.min(buffer.limit(), start + this.maxFrameLength);
		for (int i = start + Math.max(0, scanned); i < last; i++) {
			if (buffer.get(i) == '\n') {
				return i + 1;
			}
		}
		return INCOMPLETE;
	}

	/**
	 * Where the array from {@code start} ends, after the CR LF of its last argument.
	 */
	private int arrayEnd(ByteBuffer buffer, int start) throws FrameException {
		int[] cursor = { start + 1 };
		int count = number(buffer, cursor);
		if (count == INCOMPLETE) {
			return INCOMPLETE;
		}
		if (count < 1 || count > MAX_ARGUMENTS) {
			throw new FrameException("A RESP array of " + count + " arguments: 1 to " + MAX_ARGUMENTS + " are taken");
		}
		for (int i = 0; i < count; i++) {
			if (cursor[0] >= buffer.limit()) {
				return INCOMPLETE;
			}
			if (buffer.get(cursor[0]++) != '$') {
				throw new FrameException("A RESP array of something else than bulk strings");
			}
			int length = number(buffer, cursor);
			if (length == INCOMPLETE) {
				return INCOMPLETE;
			}
			long end = (long) cursor[0] + length + 2;
			if (end - start > this.maxFrameLength) {
				throw tooLong("a RESP array");
			}
			if (end > buffer.limit()) {
				return INCOMPLETE;
			}
			if (buffer.get((int) end - 2) != '\r' || buffer.get((int) end - 1) != '\n') {
				throw new FrameException("A RESP bulk string not ended by CR LF");
			}
			cursor[0] = (int) end;
		}
		return cursor[0];
	}

	/**
	 * Reads the digits of a length up to its CR LF, moving the cursor past them.
	 */
	private static int number(ByteBuffer buffer, int[] cursor) throws FrameException {
		int value = 0;
		int digits = 0;
		for (int i = cursor[0]; i < buffer.limit(); i++) {
			byte b = buffer.get(i);
			if (b == '\r' && digits > 0) {
				if (i + 1 == buffer.limit()) {
					return INCOMPLETE;
				}
				if (buffer.get(i + 1) != '\n') {
					break;
				}
				cursor[0] = i + 2;
				return value;
			}
			if (b < '0' || b > '9' || digits == 9) {
				break;
			}
			value = value * 10 + (b - '0');
			digits++;
		}
		if (cursor[0] + digits < buffer.limit()) {
			throw new FrameException("A malformed RESP length");
		}
		return INCOMPLETE;
	}

	private FrameTooLongException tooLong(String what) {
		return new FrameTooLongException(what + " longer than " + this.maxFrameLength + " bytes", this.maxFrameLength);
	}

	@Override
	public ByteBuffer encode(ByteBuffer payload) {
		return payload;
	}

	@Override
	public int maxFrameLength() {
		return this.maxFrameLength;
	}

}
