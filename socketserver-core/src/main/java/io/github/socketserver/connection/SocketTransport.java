package io.github.socketserver.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * The socket of a connection as a {@link Transport}, counting the bytes it carries.
 * <p>
 * A read without a bound reads the channel. A bounded read of a TCP socket goes through
 * its socket adaptor's stream, whose {@code SO_TIMEOUT} bounds a wait also on virtual
 * threads; a Unix socket has no {@code SO_TIMEOUT}, so a bounded read there is given a
 * deadline ({@link ReadDeadlines}) that closes the channel when it passes.
 * <p>
 * A write blocks until the client takes the bytes; with a write timeout, a write that
 * makes no progress for that long closes the channel ({@link WriteDeadlines}) and fails
 * with a {@link SocketTimeoutException}. Every layer above (TLS, framing, a fork child's
 * output) writes through here, so it is bounded as well.
 */
final class SocketTransport implements Transport {

	/**
	 * The most bytes one watched socket write is given: a client reading at a few hundred
	 * kilobytes a second takes that within any sensible write timeout.
	 */
	private static final int WRITE_CHUNK = 64 * 1024;

	private final SocketChannel channel;

	private final TrafficListener traffic;

	private final boolean inet;

	private final long writeTimeoutNanos;

	/**
	 * When the socket write in progress started, as {@link System#nanoTime()}; 0 when
	 * none waits.
	 */
	private volatile long writeStartedAt;

	private volatile boolean writeExpired;

	/**
	 * The TCP socket's stream, taken on the first read.
	 */
	private @Nullable InputStream input;

	SocketTransport(SocketChannel channel, SocketAddress clientAddress, TrafficListener traffic,
			long writeTimeoutNanos) {
		this.channel = channel;
		this.traffic = traffic;
		this.inet = clientAddress instanceof InetSocketAddress;
		this.writeTimeoutNanos = writeTimeoutNanos;
		if (writeTimeoutNanos > 0) {
			WriteDeadlines.watch(this, writeTimeoutNanos);
		}
	}

	@Override
	public int read(ByteBuffer target, long timeoutNanos) throws IOException {
		int count;
		if (timeoutNanos <= 0) {
			// Unbounded: straight from the channel, two frames fewer on the stack of a
			// handler parked here than through the socket's stream.
			count = this.channel.read(target);
		}
		else if (this.inet) {
			// Through the stream, whose SO_TIMEOUT fails a read and leaves the connection
			// open; a buffer without an array is read through a copy.
			setSoTimeout(timeoutNanos);
			if (target.hasArray()) {
				count = input().read(target.array(), target.arrayOffset() + target.position(), target.remaining());
				if (count > 0) {
					target.position(target.position() + count);
				}
			}
			else {
				byte[] copy = new byte[Math.min(target.remaining(), 8192)];
				count = input().read(copy, 0, copy.length);
				if (count > 0) {
					target.put(copy, 0, count);
				}
			}
		}
		else {
			count = ReadDeadlines.read(this.channel, target, timeoutNanos);
		}
		if (count > 0) {
			this.traffic.bytesReceived(count);
		}
		return count;
	}

	/**
	 * Sets {@code SO_TIMEOUT} when it differs, rounded up so that a read does not time
	 * out before its bound. The socket adaptor keeps it in a field: reading and setting
	 * it costs no system call, and a value a handler set itself is seen.
	 */
	private void setSoTimeout(long timeoutNanos) throws IOException {
		int millis = (timeoutNanos <= 0) ? 0 : (int) Math.min(Integer.MAX_VALUE, (timeoutNanos + 999_999) / 1_000_000);
		Socket socket = this.channel.socket();
		if (socket.getSoTimeout() != millis) {
			socket.setSoTimeout(millis);
		}
	}

	private InputStream input() throws IOException {
		InputStream input = this.input;
		if (input == null) {
			input = this.channel.socket().getInputStream();
			this.input = input;
		}
		return input;
	}

	@Override
	public void write(ByteBuffer source) throws IOException {
		int length = source.remaining();
		if (this.writeTimeoutNanos <= 0) {
			while (source.hasRemaining()) {
				this.channel.write(source);
			}
		}
		else {
			writeWatched(source);
		}
		this.traffic.bytesSent(length);
	}

	/**
	 * Writes a chunk at a time, marking when each socket write starts: each one that
	 * returns took some bytes, so the mark measures how long the client took none. A
	 * blocking channel returns only when the whole buffer given is queued, so a large
	 * buffer in one write would measure the transfer, not a stall.
	 */
	private void writeWatched(ByteBuffer source) throws IOException {
		int end = source.limit();
		try {
			while (source.position() < end) {
				long now = System.nanoTime();
				this.writeStartedAt = (now != 0) ? now : 1;
				source.limit((int) Math.min(end, (long) source.position() + WRITE_CHUNK));
				this.channel.write(source);
			}
		}
		catch (ClosedChannelException ex) {
			// Closed under a blocking write, or before the next one: either way the
			// deadline closed it.
			if (this.writeExpired) {
				throw new SocketTimeoutException("Write timed out: the client took no bytes for "
						+ (this.writeTimeoutNanos / 1_000_000) + " ms");
			}
			throw ex;
		}
		finally {
			source.limit(end);
			this.writeStartedAt = 0;
		}
	}

	long writeTimeoutNanos() {
		return this.writeTimeoutNanos;
	}

	/**
	 * Hands the socket to the message engine, which bounds its writes itself: the watch
	 * of this transport's writes ends, and nothing was read ahead.
	 */
	@Override
	public DetachedTransport detach() {
		if (this.writeTimeoutNanos > 0) {
			WriteDeadlines.forget(this);
		}
		return DetachedTransport.PLAIN;
	}

	/**
	 * Closes the channel if a write has waited longer than the write timeout; called by
	 * {@link WriteDeadlines}.
	 * @param now the time, as {@link System#nanoTime()}
	 * @return false once the channel is closed, so that it is no longer watched
	 */
	boolean expireStalledWrite(long now) {
		if (!this.channel.isOpen()) {
			return false;
		}
		long started = this.writeStartedAt;
		if (started != 0 && now - started >= this.writeTimeoutNanos) {
			this.writeExpired = true;
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// The writer sees the channel closed either way.
			}
			return false;
		}
		return true;
	}

}
