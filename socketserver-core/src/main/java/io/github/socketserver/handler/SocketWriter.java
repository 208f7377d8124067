package io.github.socketserver.handler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

import io.github.socketserver.SocketServerListener;
import org.jspecify.annotations.Nullable;

/**
 * The buffered output of a connection, Python's {@code wfile}.
 * <p>
 * Small writes are gathered and sent together: when the buffer fills, when
 * {@link StreamRequest#rfile()} must wait for more input, on {@link #flush()}, and when
 * the handler is done. A write larger than the buffer goes to the socket from the
 * caller's array, complete, without a copy. The buffer is allocated on the first write
 * and grows to at most 8 KiB.
 * <p>
 * Not thread-safe: one handler thread writes a connection.
 */
public final class SocketWriter extends OutputStream {

	private static final int INITIAL_CAPACITY = 512;

	private static final int MAX_CAPACITY = 8192;

	private final WritableByteChannel channel;

	private final SocketServerListener listener;

	private byte @Nullable [] buffer;

	private int count;

	SocketWriter(WritableByteChannel channel, SocketServerListener listener) {
		this.channel = channel;
		this.listener = listener;
	}

	@Override
	public void write(int b) throws IOException {
		ensureRoom(1);
		this.buffer[this.count++] = (byte) b;
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		if (length >= MAX_CAPACITY) {
			flush();
			writeFully(ByteBuffer.wrap(bytes, offset, length));
			return;
		}
		ensureRoom(length);
		System.arraycopy(bytes, offset, this.buffer, this.count, length);
		this.count += length;
	}

	/**
	 * Writes text as UTF-8.
	 * @param text the text
	 * @throws IOException if writing fails
	 */
	public void write(String text) throws IOException {
		write(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends what is buffered.
	 */
	@Override
	public void flush() throws IOException {
		if (this.count > 0) {
			int length = this.count;
			this.count = 0;
			writeFully(ByteBuffer.wrap(this.buffer, 0, length));
		}
	}

	/**
	 * Whether bytes wait in the buffer.
	 * @return true if a flush would send something
	 */
	public boolean hasPending() {
		return this.count > 0;
	}

	/**
	 * Flushes; the connection itself is closed by the server.
	 */
	@Override
	public void close() throws IOException {
		flush();
	}

	private void ensureRoom(int length) throws IOException {
		byte[] bytes = this.buffer;
		if (bytes == null) {
			this.buffer = new byte[Math.max(INITIAL_CAPACITY, Integer.highestOneBit(length) << 1)];
			return;
		}
		if (this.count + length <= bytes.length) {
			return;
		}
		if (this.count + length > MAX_CAPACITY) {
			flush();
			if (length <= bytes.length) {
				return;
			}
		}
		int capacity = Math.min(MAX_CAPACITY,
				Math.max(bytes.length * 2, Integer.highestOneBit(this.count + length) << 1));
		byte[] grown = new byte[capacity];
		System.arraycopy(bytes, 0, grown, 0, this.count);
		this.buffer = grown;
	}

	private void writeFully(ByteBuffer bytes) throws IOException {
		int length = bytes.remaining();
		while (bytes.hasRemaining()) {
			this.channel.write(bytes);
		}
		this.listener.bytesSent(length);
	}

}
