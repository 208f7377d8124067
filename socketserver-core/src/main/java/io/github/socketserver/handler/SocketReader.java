package io.github.socketserver.handler;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameException;
import io.github.socketserver.codec.FrameTooLongException;
import io.github.socketserver.connection.Transport;
import io.github.socketserver.options.StreamOptions;
import org.jspecify.annotations.Nullable;

/**
 * The buffered input of a connection, Python's {@code rfile}.
 * <p>
 * Before it waits for more input, it flushes what the handler wrote to
 * {@link StreamRequest#wfile()}, so a request/response exchange never deadlocks while
 * replies to pipelined requests still go out together. The buffer is sized to what the
 * client sends ({@link BufferSizing}), and beyond that only as far as a line needs.
 * <p>
 * With an idle timeout set on the request, each read call of the handler
 * ({@link #read()}, {@link #readLine()}, {@link #readFrame()},
 * {@link #readNBytes(int)}...) must complete within it in total, so that a client
 * trickling a byte at a time cannot hold the connection ({@link ReadDeadline}).
 * <p>
 * Not thread-safe: one handler thread reads a connection. The server makes the reader of
 * each connection; {@link #SocketReader(Transport, int)} makes one over any transport,
 * without timeouts or output to flush, for tools and benchmarks.
 *
 * @since 0.1.0
 */
public final class SocketReader extends InputStream {

	private final @Nullable StreamRequest request;

	private final ReadDeadline reads;

	private final int maxLineLength;

	private byte @Nullable [] buffer;

	/**
	 * A view of {@link #buffer} for the transport, made again only when the buffer is.
	 */
	private @Nullable ByteBuffer view;

	private int position;

	private int limit;

	private final BufferSizing sizing = new BufferSizing();

	/**
	 * A reader over any transport, with no read or idle timeout and no output to flush
	 * before it waits.
	 * @param transport where to read from
	 * @param maxLineLength the longest line {@link #readLine()} accepts, in bytes, 1 to
	 * {@link StreamOptions#MAX_LINE_LENGTH}
	 * @throws IllegalArgumentException if the length is out of that range
	 */
	public SocketReader(Transport transport, int maxLineLength) {
		this(null, transport, maxLineLength);
	}

	SocketReader(@Nullable StreamRequest request, Transport transport, int maxLineLength) {
		if (maxLineLength < 1 || maxLineLength > StreamOptions.MAX_LINE_LENGTH) {
			throw new IllegalArgumentException(
					"maxLineLength must be 1 to " + StreamOptions.MAX_LINE_LENGTH + ", was " + maxLineLength);
		}
		this.request = request;
		this.reads = new ReadDeadline(request, transport);
		this.maxLineLength = maxLineLength;
	}

	@Override
	public int read() throws IOException {
		boolean call = this.reads.beginCall(this.position == this.limit);
		try {
			if (this.position == this.limit && !refill()) {
				return -1;
			}
			return this.buffer[this.position++] & 0xff;
		}
		finally {
			this.reads.endCall(call);
		}
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		boolean call = this.reads.beginCall(this.position == this.limit);
		try {
			return readInto(bytes, offset, length);
		}
		finally {
			this.reads.endCall(call);
		}
	}

	@Override
	public int readNBytes(byte[] bytes, int offset, int length) throws IOException {
		boolean call = this.reads.beginCall(this.position == this.limit);
		try {
			return super.readNBytes(bytes, offset, length);
		}
		finally {
			this.reads.endCall(call);
		}
	}

	@Override
	public byte[] readNBytes(int length) throws IOException {
		boolean call = this.reads.beginCall(this.position == this.limit);
		try {
			return super.readNBytes(length);
		}
		finally {
			this.reads.endCall(call);
		}
	}

	/**
	 * Reads to the end; each chunk is a read call of its own for the idle timeout.
	 */
	@Override
	public byte[] readAllBytes() throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		transferTo(all);
		return all.toByteArray();
	}

	private int readInto(byte[] bytes, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		if (this.position == this.limit) {
			if (this.buffer == null || length >= this.buffer.length) {
				// Large reads go straight into the caller's array: no copy, no buffer.
				flushPending();
				return this.reads.read(ByteBuffer.wrap(bytes, offset, length));
			}
			if (!refill()) {
				return -1;
			}
		}
		int count = Math.min(length, this.limit - this.position);
		System.arraycopy(this.buffer, this.position, bytes, offset, count);
		this.position += count;
		return count;
	}

	@Override
	public int available() {
		return this.limit - this.position;
	}

	/**
	 * Reads a line of UTF-8 text ended by {@code \n} or {@code \r\n}.
	 * @return the line without its end, or {@code null} at the end of the stream; a last
	 * line without an end is returned as it is
	 * @throws LineTooLongException if the line is longer than the server's
	 * {@code maxLineLength}
	 * @throws IOException if reading fails
	 */
	public @Nullable String readLine() throws IOException {
		boolean call = this.reads.beginCall(this.position == this.limit);
		try {
			return readTextLine();
		}
		finally {
			this.reads.endCall(call);
		}
	}

	private @Nullable String readTextLine() throws IOException {
		int scanned = this.position;
		while (true) {
			int newline = indexOfNewline(scanned, this.limit);
			if (newline >= 0) {
				int end = (newline > this.position && this.buffer[newline - 1] == '\r') ? newline - 1 : newline;
				if (end - this.position > this.maxLineLength) {
					throw new LineTooLongException(this.maxLineLength);
				}
				String line = new String(this.buffer, this.position, end - this.position, StandardCharsets.UTF_8);
				this.position = newline + 1;
				return line;
			}
			// One byte past the bound may still be the '\r' of a line of the bound: any
			// other byte there already makes the line too long.
			int buffered = this.limit - this.position;
			if (buffered > this.maxLineLength + 1
					|| (buffered == this.maxLineLength + 1 && this.buffer[this.limit - 1] != '\r')) {
				throw new LineTooLongException(this.maxLineLength);
			}
			scanned = this.limit - this.position;
			if (scanned == 0) {
				empty();
			}
			else {
				makeRoom(this.maxLineLength + 2);
				// A buffer grown for a long line stays, until reads stay small again.
				this.sizing.keep(this.buffer.length);
			}
			scanned += this.position;
			if (fill() < 0) {
				if (this.position == this.limit) {
					return null;
				}
				String rest = new String(this.buffer, this.position, this.limit - this.position,
						StandardCharsets.UTF_8);
				this.position = this.limit;
				return rest;
			}
		}
	}

	/**
	 * Reads the next frame with the server's codec ({@link RequestServer#codec()}): the
	 * stream handler's way to the framing a message handler gets. A drain ends a wait for
	 * the next frame as it ends a wait for the next line. The buffer grows as far as the
	 * codec's maximum, no further.
	 * @return the frame's content, as the codec gives it, or {@code null} at the end of
	 * the stream between frames
	 * @throws FrameException if the bytes make a frame longer than the codec's maximum,
	 * or can never make one; the connection should then be closed
	 * @throws EOFException if the stream ends inside a frame
	 * @throws IllegalStateException if the server has no codec
	 * @throws IOException if reading fails
	 * @since 0.2.0
	 */
	public byte @Nullable [] readFrame() throws IOException {
		FrameCodec codec = (this.request != null) ? this.request.server().codec() : null;
		if (codec == null) {
			throw new IllegalStateException("readFrame() needs a codec: configure the server's framing "
					+ "(ServerOptions.Builder.codec, or 'framing' in the server's properties)");
		}
		return readFrame(codec);
	}

	/**
	 * Reads the next frame with a codec of the handler's choice, as {@link #readFrame()}
	 * does with the server's: for a protocol that changes its framing on the way.
	 * @param codec the codec
	 * @return the frame's content, or {@code null} at the end of the stream between
	 * frames
	 * @throws FrameException if the bytes make a frame longer than the codec's maximum,
	 * or can never make one
	 * @throws EOFException if the stream ends inside a frame
	 * @throws IOException if reading fails
	 * @since 0.2.0
	 */
	public byte @Nullable [] readFrame(FrameCodec codec) throws IOException {
		boolean call = this.reads.beginCall(this.position == this.limit);
		try {
			return readCodecFrame(codec);
		}
		finally {
			this.reads.endCall(call);
		}
	}

	private byte @Nullable [] readCodecFrame(FrameCodec codec) throws IOException {
		int maxFrameLength = codec.maxFrameLength();
		// Bytes the codec was offered already in this call: a search resumes after them.
		int scanned = 0;
		while (true) {
			int buffered = this.limit - this.position;
			if (buffered > 0) {
				ByteBuffer bytes = ByteBuffer.wrap(this.buffer, this.position, buffered);
				byte[] frame = codec.decode(bytes, scanned);
				if (frame != null && bytes.position() == this.position) {
					// It would give the same frame forever.
					throw new FrameException("The codec " + codec + " gave a frame without taking its bytes");
				}
				if (frame != null) {
					this.position = bytes.position();
					return frame;
				}
				if (buffered >= maxFrameLength) {
					// A codec of the user's own that waits past its bound.
					throw new FrameTooLongException(
							"No frame ended within the codec's maximum of " + maxFrameLength + " bytes",
							maxFrameLength);
				}
				scanned = buffered;
				makeRoom(maxFrameLength);
				this.sizing.keep(this.buffer.length);
			}
			else {
				empty();
			}
			if (fill() < 0) {
				if (this.position == this.limit) {
					return null;
				}
				throw new EOFException(
						"The stream ended inside a frame, after " + (this.limit - this.position) + " of its bytes");
			}
		}
	}

	/**
	 * Reads a line as Python's {@code readline(limit)} does: up to and including the next
	 * {@code \n}, and never more than {@code limit} bytes.
	 * @param limit the most bytes to return
	 * @return the bytes read, empty at the end of the stream
	 * @throws IOException if reading fails
	 */
	public byte[] readLine(int limit) throws IOException {
		boolean call = this.reads.beginCall(this.position == this.limit);
		try {
			return readLineBytes(limit);
		}
		finally {
			this.reads.endCall(call);
		}
	}

	private byte[] readLineBytes(int limit) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(Math.min(limit, BufferSizing.INITIAL));
		while (line.size() < limit) {
			if (this.position == this.limit && !refill()) {
				break;
			}
			int end = Math.min(this.limit, this.position + limit - line.size());
			int newline = indexOfNewline(this.position, end);
			int stop = (newline >= 0) ? newline + 1 : end;
			line.write(this.buffer, this.position, stop - this.position);
			this.position = stop;
			if (newline >= 0) {
				break;
			}
		}
		return line.toByteArray();
	}

	/**
	 * {@return the length of the buffer held now, 0 if none; for tests}
	 */
	int bufferLength() {
		byte[] bytes = this.buffer;
		return (bytes != null) ? bytes.length : 0;
	}

	private int indexOfNewline(int from, int to) {
		byte[] bytes = this.buffer;
		for (int i = from; i < to; i++) {
			if (bytes[i] == '\n') {
				return i;
			}
		}
		return -1;
	}

	/** Empties the buffer and reads into it, waiting for at least one byte. */
	private boolean refill() throws IOException {
		empty();
		return fill() > 0;
	}

	/** Empties the buffer, giving it the size reads have called for. */
	private void empty() {
		this.position = 0;
		this.limit = 0;
		byte[] bytes = this.buffer;
		if (bytes == null || bytes.length != this.sizing.capacity()) {
			this.buffer = new byte[this.sizing.capacity()];
		}
	}

	/**
	 * Makes room after the bytes buffered: compact, or grow up to {@code maxCapacity}.
	 */
	private void makeRoom(int maxCapacity) {
		byte[] bytes = this.buffer;
		if (this.limit < bytes.length) {
			return;
		}
		int buffered = this.limit - this.position;
		byte[] target = bytes;
		if (this.position == 0) {
			target = new byte[(int) Math.max(bytes.length + 1L, Math.min(bytes.length * 2L, maxCapacity))];
		}
		System.arraycopy(bytes, this.position, target, 0, buffered);
		this.buffer = target;
		this.position = 0;
		this.limit = buffered;
	}

	/**
	 * Reads into the free end of the buffer, after flushing pending output.
	 * @return the bytes read, or -1 at the end of the stream
	 */
	private int fill() throws IOException {
		flushPending();
		byte[] bytes = this.buffer;
		int free = bytes.length - this.limit;
		ByteBuffer view = this.view;
		if (view == null || view.array() != bytes) {
			view = ByteBuffer.wrap(bytes);
			this.view = view;
		}
		int count;
		do {
			count = this.reads.read(view.limit(bytes.length).position(this.limit));
		}
		while (count == 0);
		if (count > 0) {
			this.limit += count;
			this.sizing.afterRead(count, free, bytes.length);
		}
		return count;
	}

	private void flushPending() throws IOException {
		if (this.request != null) {
			this.request.flushPending();
		}
	}

}
