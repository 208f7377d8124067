package io.github.socketserver.handler;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import io.github.socketserver.BaseServer;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a stream server: Python's {@code request} socket with its
 * {@code rfile} and {@code wfile}.
 * <p>
 * An idle connection holds no output buffer, and an input buffer sized to what its client
 * sends. When the handler is done the server closes {@link #wfile()}, which sends what
 * waits in it, and then the connection; a write after that fails.
 */
public final class StreamRequest implements Request {

	private final SocketChannel socket;

	private final SocketAddress clientAddress;

	private final BaseServer<?> server;

	private final int maxLineLength;

	private final long openedAt = System.nanoTime();

	private volatile @Nullable Duration readTimeout;

	private volatile @Nullable Duration idleTimeout;

	private volatile @Nullable IdleTimeoutException idleTimeoutExpired;

	private boolean closed;

	private @Nullable SocketReader rfile;

	private final SocketWriter wfile;

	/**
	 * Creates the request for an accepted connection; servers do this, and tests of
	 * handlers may.
	 * @param socket the connected channel, in blocking mode
	 * @param clientAddress the client's address
	 * @param server the server that accepted it
	 * @param maxLineLength the longest line {@link SocketReader#readLine()} accepts, in
	 * bytes
	 */
	public StreamRequest(SocketChannel socket, SocketAddress clientAddress, BaseServer<?> server, int maxLineLength) {
		this.socket = socket;
		this.clientAddress = clientAddress;
		this.server = server;
		this.maxLineLength = maxLineLength;
		// Made at once, as a handler may write from several threads; it holds no buffer
		// until something is written.
		this.wfile = new SocketWriter(socket, server.listener());
	}

	/**
	 * The connection's buffered input.
	 * @return the reader
	 */
	public SocketReader rfile() {
		SocketReader reader = this.rfile;
		if (reader == null) {
			reader = new SocketReader(this, byteSource(), this.maxLineLength, this.server.listener());
			this.rfile = reader;
		}
		return reader;
	}

	/**
	 * The connection's buffered output.
	 * @return the writer
	 */
	public SocketWriter wfile() {
		return this.wfile;
	}

	/**
	 * The connected channel, Python's {@code request} socket.
	 * @return the channel
	 */
	public SocketChannel socket() {
		return this.socket;
	}

	@Override
	public SocketAddress clientAddress() {
		return this.clientAddress;
	}

	@Override
	public BaseServer<?> server() {
		return this.server;
	}

	/**
	 * When the connection was accepted.
	 * @return the {@link System#nanoTime()} of the accept
	 */
	public long openedAt() {
		return this.openedAt;
	}

	/**
	 * How long a read may wait, as Python's {@code settimeout}; a read that waits longer
	 * fails with a {@link java.net.SocketTimeoutException}. Over a Unix socket the
	 * connection is closed when that happens.
	 * @param timeout the read timeout, or {@code null} to wait without bound
	 * @throws IOException if the socket refuses the setting
	 */
	public void setReadTimeout(@Nullable Duration timeout) throws IOException {
		this.readTimeout = timeout;
		if (this.clientAddress instanceof InetSocketAddress) {
			this.socket.socket().setSoTimeout((timeout != null) ? (int) Math.max(1, timeout.toMillis()) : 0);
		}
	}

	/**
	 * The read timeout.
	 * @return the timeout, or {@code null} for none
	 */
	public @Nullable Duration readTimeout() {
		return this.readTimeout;
	}

	/**
	 * How long one read call on {@link #rfile()} may take in total, however many socket
	 * reads it needs: unlike the read timeout, a client cannot stretch it by trickling
	 * bytes. A call that takes longer fails with an {@link IdleTimeoutException}, and so
	 * does every later read.
	 * @param timeout the idle timeout, or {@code null} for none
	 */
	public void setIdleTimeout(@Nullable Duration timeout) {
		this.idleTimeout = timeout;
	}

	/**
	 * The idle timeout.
	 * @return the timeout, or {@code null} for none
	 */
	public @Nullable Duration idleTimeout() {
		return this.idleTimeout;
	}

	/**
	 * Whether the idle timeout passed, so that the server reports it and closes the
	 * connection even if the handler caught it.
	 * @return the exception the handler was given, or {@code null}
	 */
	public @Nullable IdleTimeoutException idleTimeoutExpired() {
		return this.idleTimeoutExpired;
	}

	void idleTimeoutExpired(IdleTimeoutException exception) {
		this.idleTimeoutExpired = exception;
	}

	/**
	 * Closes the connection, and {@link #wfile()} without sending what waits in it; the
	 * server calls this when the request ends or is cut.
	 * @return true the first time only, so that the close is reported once, also when a
	 * read deadline or the handler closed the channel before
	 * @throws IOException if closing the channel fails
	 */
	public boolean close() throws IOException {
		synchronized (this) {
			if (this.closed) {
				return false;
			}
			this.closed = true;
		}
		try {
			this.socket.close();
		}
		finally {
			// After the channel: closing it ends a write that holds the writer's lock.
			this.wfile.discard();
		}
		return true;
	}

	/**
	 * Sends what waits in {@link #wfile()}, if anything; the reader calls this before it
	 * waits.
	 */
	void flushPending() throws IOException {
		// Also gives back a buffer taken for nothing, so that the connection waits
		// holding none.
		if (this.wfile.holdsBuffer()) {
			this.wfile.flush();
		}
	}

	private ByteSource byteSource() {
		if (this.clientAddress instanceof InetSocketAddress) {
			// The socket adaptor's stream honours SO_TIMEOUT, also on virtual threads.
			InputStream input;
			try {
				input = this.socket.socket().getInputStream();
			}
			catch (IOException ex) {
				return (bytes, offset, length, timeoutNanos, own) -> {
					throw ex;
				};
			}
			return (bytes, offset, length, timeoutNanos, own) -> readInet(input, bytes, offset, length, timeoutNanos);
		}
		return new ChannelSource();
	}

	/**
	 * Reads a Unix connection through its channel, which has no {@code SO_TIMEOUT}: the
	 * read timeout is a deadline. The reader's array changes only when its buffer is
	 * resized, so the buffer object wrapping it is kept rather than made per read; a
	 * caller's array is wrapped for its read only, so that an idle connection keeps no
	 * hold on it.
	 */
	private final class ChannelSource implements ByteSource {

		private @Nullable ByteBuffer wrapper;

		@Override
		public int read(byte[] bytes, int offset, int length, long timeoutNanos, boolean own) throws IOException {
			ByteBuffer target = this.wrapper;
			if (!own) {
				target = ByteBuffer.wrap(bytes);
			}
			else if (target == null || target.array() != bytes) {
				target = ByteBuffer.wrap(bytes);
				this.wrapper = target;
			}
			target.limit(offset + length).position(offset);
			Duration readTimeout = StreamRequest.this.readTimeout;
			long wait = (timeoutNanos != ByteSource.READ_TIMEOUT) ? timeoutNanos
					: (readTimeout != null) ? readTimeout.toNanos() : 0;
			return ReadDeadlines.read(StreamRequest.this.socket, target, wait);
		}

	}

	/**
	 * Reads from a TCP connection; a bound other than the read timeout is applied as
	 * {@code SO_TIMEOUT} for this one read.
	 */
	private int readInet(InputStream input, byte[] bytes, int offset, int length, long timeoutNanos)
			throws IOException {
		if (timeoutNanos == ByteSource.READ_TIMEOUT) {
			return input.read(bytes, offset, length);
		}
		Socket adaptor = this.socket.socket();
		// Rounded up, so that the read does not time out before the deadline.
		adaptor.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, (timeoutNanos + 999_999) / 1_000_000)));
		try {
			return input.read(bytes, offset, length);
		}
		finally {
			Duration readTimeout = this.readTimeout;
			try {
				adaptor.setSoTimeout((readTimeout != null) ? (int) Math.max(1, readTimeout.toMillis()) : 0);
			}
			catch (SocketException ex) {
				// Closed meanwhile: no read follows that the setting could apply to.
			}
		}
	}

}
