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
 * <p>
 * Closed when the request ends (the server sends what waits first) or when the handler
 * calls {@link #close()}: a later write, say from a thread the handler started, fails
 * with an {@link IOException}, as a write to a closed Python file does, rather than being
 * lost without a word.
 *
 * @since 0.1.0
 */
public final class SocketWriter extends OutputStream {

	private static final int MAX_CAPACITY = BufferPool.LARGE.arraySize();

	private final Transport transport;

	/**
	 * The pooled buffer held while output waits; its array is written directly.
	 */
	private @Nullable ByteBuffer buffer;

	private int count;

	/**
	 * Guarded by the lock, so that no write slips in between the last send and the close.
	 */
	private boolean closed;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile long sends;

	SocketWriter(Transport transport) {
		this.transport = transport;
	}

	@Override
	public void write(int b) throws IOException {
		this.lock.lock();
		try {
			ensureOpen();
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
			ensureOpen();
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
	 * Sends what is buffered, and gives the buffer back to the pool. Does nothing once
	 * closed, as nothing waits then.
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
	 * Sends what waits and closes this writer, so that later writes fail; the connection
	 * itself is closed by the server. Idempotent.
	 * @throws IOException if sending what waits fails; the writer is closed all the same
	 */
	@Override
	public void close() throws IOException {
		this.lock.lock();
		try {
			if (!this.closed) {
				this.closed = true;
				sendAndRelease();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Closes this writer without sending, as the connection is already closed: what waits
	 * is dropped and the buffer goes back to the pool. Call it after closing the channel,
	 * which ends a write that holds the lock.
	 */
	void discard() {
		this.lock.lock();
		try {
			this.closed = true;
			release();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether this writer is closed.
	 * @return true once closed, by the handler or at the end of the request
	 */
	public boolean isClosed() {
		this.lock.lock();
		try {
			return this.closed;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void ensureOpen() throws IOException {
		if (this.closed) {
			throw new IOException("I/O operation on a closed wfile: the request has ended, or its handler closed it");
		}
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
		this.sends++;
		this.transport.write(bytes);
	}

	/**
	 * {@return how many times this writer has sent bytes: a reader compares it to know
	 * whether the handler answered since it last read}
	 */
	long sends() {
		return this.sends;
	}

}
