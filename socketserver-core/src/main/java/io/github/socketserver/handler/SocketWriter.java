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
 * caller's array, complete, without a copy. The buffer is taken from a pool shared by all
 * connections on the first write, grows to at most 8 KiB, and goes back to the pool once
 * it is sent: a connection waiting for its client holds no output buffer.
 * <p>
 * Not thread-safe: one handler thread writes a connection.
 */
public final class SocketWriter extends OutputStream {

	private static final int MAX_CAPACITY = BufferPool.LARGE.arraySize();

	private final WritableByteChannel channel;

	private final SocketServerListener listener;

	/**
	 * The pooled buffer held while output waits, and its array, written directly.
	 */
	private @Nullable ByteBuffer buffer;

	private byte @Nullable [] bytes;

	private int count;

	SocketWriter(WritableByteChannel channel, SocketServerListener listener) {
		this.channel = channel;
		this.listener = listener;
	}

	@Override
	public void write(int b) throws IOException {
		ensureRoom(1);
		this.bytes[this.count++] = (byte) b;
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		if (length >= MAX_CAPACITY) {
			flush();
			writeFully(ByteBuffer.wrap(bytes, offset, length));
			return;
		}
		ensureRoom(length);
		System.arraycopy(bytes, offset, this.bytes, this.count, length);
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
	 * Sends what is buffered, and gives the buffer back to the pool.
	 */
	@Override
	public void flush() throws IOException {
		try {
			send();
		}
		finally {
			release();
		}
	}

	private void send() throws IOException {
		if (this.count > 0) {
			int length = this.count;
			this.count = 0;
			writeFully(this.buffer.limit(length).position(0));
		}
	}

	private void release() {
		ByteBuffer held = this.buffer;
		if (held != null) {
			this.buffer = null;
			this.bytes = null;
			this.count = 0;
			poolOf(held).give(held);
		}
	}

	private static BufferPool poolOf(ByteBuffer buffer) {
		return (buffer.capacity() == BufferPool.SMALL.arraySize()) ? BufferPool.SMALL : BufferPool.LARGE;
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

	/**
	 * The length of the buffer held now, 0 if none; for tests.
	 * @return the buffer's length
	 */
	int bufferLength() {
		ByteBuffer held = this.buffer;
		return (held != null) ? held.capacity() : 0;
	}

	private void ensureRoom(int length) throws IOException {
		ByteBuffer held = this.buffer;
		if (held == null) {
			hold((length <= BufferPool.SMALL.arraySize()) ? BufferPool.SMALL.take() : BufferPool.LARGE.take());
			return;
		}
		if (this.count + length <= held.capacity()) {
			return;
		}
		if (this.count + length > MAX_CAPACITY) {
			send();
			if (length <= held.capacity()) {
				return;
			}
		}
		ByteBuffer grown = BufferPool.LARGE.take();
		System.arraycopy(held.array(), 0, grown.array(), 0, this.count);
		hold(grown);
		BufferPool.SMALL.give(held);
	}

	private void hold(ByteBuffer buffer) {
		this.buffer = buffer;
		this.bytes = buffer.array();
	}

	private void writeFully(ByteBuffer bytes) throws IOException {
		int length = bytes.remaining();
		while (bytes.hasRemaining()) {
			this.channel.write(bytes);
		}
		this.listener.bytesSent(length);
	}

}
