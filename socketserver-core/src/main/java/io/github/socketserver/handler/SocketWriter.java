package io.github.socketserver.handler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import io.github.socketserver.connection.Transport;
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
 * Thread-safe: a handler may write from another thread than the one reading, as a proxy
 * or a chat server does. Each call goes out whole, in the order of the calls. The reader
 * flushes before it waits what its own thread wrote; another thread flushes what it
 * writes. The lock also guarantees that a buffer given back to the pool is never written
 * again, so one client's bytes can never reach another.
 */
public final class SocketWriter extends OutputStream {

	private static final int MAX_CAPACITY = BufferPool.LARGE.arraySize();

	private final Transport transport;

	/**
	 * The pooled buffer held while output waits; its array is written directly.
	 */
	private @Nullable ByteBuffer buffer;

	private int count;

	private final ReentrantLock lock = new ReentrantLock();

	SocketWriter(Transport transport) {
		this.transport = transport;
	}

	@Override
	public void write(int b) throws IOException {
		this.lock.lock();
		try {
			ensureRoom(1);
			this.buffer.array()[this.count++] = (byte) b;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, bytes.length);
		if (length == 0) {
			return;
		}
		this.lock.lock();
		try {
			if (length >= MAX_CAPACITY) {
				sendAndRelease();
				writeFully(ByteBuffer.wrap(bytes, offset, length));
				return;
			}
			ensureRoom(length);
			System.arraycopy(bytes, offset, this.buffer.array(), this.count, length);
			this.count += length;
		}
		finally {
			this.lock.unlock();
		}
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
		this.lock.lock();
		try {
			sendAndRelease();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void sendAndRelease() throws IOException {
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
			this.count = 0;
			poolOf(held).give(held);
		}
	}

	private static BufferPool poolOf(ByteBuffer buffer) {
		return (buffer.capacity() == BufferPool.SMALL.arraySize()) ? BufferPool.SMALL : BufferPool.LARGE;
	}

	/**
	 * Whether this writer holds a buffer, as far as the calling thread can tell without
	 * the lock: always right for what the calling thread wrote itself.
	 * @return true if a flush has something to send or give back
	 */
	boolean holdsBuffer() {
		return this.buffer != null;
	}

	/**
	 * Whether bytes wait in the buffer.
	 * @return true if a flush would send something
	 */
	public boolean hasPending() {
		this.lock.lock();
		try {
			return this.count > 0;
		}
		finally {
			this.lock.unlock();
		}
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
		this.lock.lock();
		try {
			ByteBuffer held = this.buffer;
			return (held != null) ? held.capacity() : 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void ensureRoom(int length) throws IOException {
		ByteBuffer held = this.buffer;
		if (held == null) {
			this.buffer = (length <= BufferPool.SMALL.arraySize()) ? BufferPool.SMALL.take() : BufferPool.LARGE.take();
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
		this.buffer = grown;
		BufferPool.SMALL.give(held);
	}

	private void writeFully(ByteBuffer bytes) throws IOException {
		this.transport.write(bytes);
	}

}
