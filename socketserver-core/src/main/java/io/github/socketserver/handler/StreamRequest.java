package io.github.socketserver.handler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.connection.Connection;
import io.github.socketserver.connection.ConnectionLayer;
import io.github.socketserver.connection.Transport;
import io.github.socketserver.logging.LogText;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a stream server: Python's {@code request} socket with its
 * {@code rfile} and {@code wfile}.
 * <p>
 * The server {@linkplain #open opens} the connection's layers on the request's own thread
 * before anything looks at its client, so the client address and the bytes a handler sees
 * are what the last layer made of them. An idle connection holds no output buffer, and an
 * input buffer sized to what its client sends. When the handler is done the server closes
 * {@link #wfile()}, which sends what waits in it, and then the connection; a write after
 * that fails.
 * <p>
 * Every method is final: the class is open only so that a test double can add to it (the
 * {@code MockStreamRequest} of {@code socketserver-test}, over a connection made
 * {@linkplain Connection#inMemory in memory}).
 *
 * @since 0.1.0
 */
public class StreamRequest implements Request {

	private static final int BUSY = 0;

	private static final int AWAITING = 1;

	private static final int ENDED = 2;

	private final RequestServer server;

	private final int maxLineLength;

	private final long openedAt = System.nanoTime();

	private final SocketAddress peerAddress;

	private volatile Connection connection;

	private volatile SocketWriter wfile;

	private volatile @Nullable Duration readTimeout;

	private volatile @Nullable Duration idleTimeout;

	private volatile @Nullable IdleTimeoutException idleTimeoutExpired;

	/**
	 * Whether the handler waits for the start of its next message ({@link #AWAITING}), or
	 * a drain ended the connection's input ({@link #ENDED}).
	 */
	private final AtomicInteger messageStart = new AtomicInteger(BUSY);

	private volatile boolean draining;

	private boolean opened;

	private boolean closed;

	private @Nullable SocketReader rfile;

	/**
	 * Creates the request for an accepted connection; servers do this.
	 * @param connection the accepted connection, before any layer
	 * @param server the server that accepted it
	 * @param maxLineLength the longest line {@link SocketReader#readLine()} accepts, in
	 * bytes
	 */
	public StreamRequest(Connection connection, RequestServer server, int maxLineLength) {
		this.connection = connection;
		this.peerAddress = connection.clientAddress();
		this.server = server;
		this.maxLineLength = maxLineLength;
		// Made at once, as a handler may write from several threads; it holds no buffer
		// until something is written.
		this.wfile = new SocketWriter(connection.transport());
	}

	/**
	 * Runs the connection's layers, in order, on the calling thread; the server calls
	 * this once, before the request is verified and handled.
	 * @param layers the layers of the server's connection path
	 * @throws IOException if a layer refuses the connection
	 * @throws IllegalStateException if the request was opened already
	 */
	public final void open(List<ConnectionLayer> layers) throws IOException {
		synchronized (this) {
			if (this.opened) {
				throw new IllegalStateException(
						"The connection from " + LogText.escape(clientAddress()) + " is open already");
			}
			this.opened = true;
		}
		if (layers.isEmpty()) {
			return;
		}
		Connection layered = this.connection;
		for (ConnectionLayer layer : layers) {
			layered = layer.open(layered);
		}
		this.connection = layered;
		this.wfile = new SocketWriter(layered.transport());
	}

	/**
	 * The connection's buffered input.
	 * @return the reader
	 */
	public final SocketReader rfile() {
		SocketReader reader = this.rfile;
		if (reader == null) {
			reader = new SocketReader(this, transport(), this.maxLineLength);
			this.rfile = reader;
		}
		return reader;
	}

	/**
	 * {@return the longest line {@link SocketReader#readLine()} accepts, in bytes, as the
	 * server's {@code maxLineLength} says}
	 * @since 0.2.0
	 */
	public final int maxLineLength() {
		return this.maxLineLength;
	}

	/**
	 * The connection's buffered output.
	 * @return the writer
	 */
	public final SocketWriter wfile() {
		return this.wfile;
	}

	/**
	 * The connected channel, Python's {@code request} socket, for socket options and the
	 * peer's credentials. Read and write through {@link #rfile()} and {@link #wfile()},
	 * or {@link #transport()}, so that the connection's layers apply.
	 * @return the channel
	 * @throws IllegalStateException if the connection was made in memory, for a test
	 */
	public final SocketChannel socket() {
		return this.connection.channel();
	}

	/**
	 * Where the connection's bytes go, below {@link #rfile()} and {@link #wfile()}: for a
	 * handler that copies bytes itself, such as a fork server's.
	 * @return the transport the last layer made
	 */
	public final Transport transport() {
		return this.connection.transport();
	}

	/**
	 * The connection as the last layer left it.
	 * @return the connection
	 */
	public final Connection connection() {
		return this.connection;
	}

	/**
	 * The client's address: the socket's peer, or the client a layer found behind it (a
	 * proxy's PROXY header).
	 */
	@Override
	public final SocketAddress clientAddress() {
		return this.connection.clientAddress();
	}

	/**
	 * The socket's peer, whatever the layers found: the address connection-level events
	 * (opened, closed) carry, as they are reported before the layers run.
	 * @return the peer's address as accepted
	 */
	public final SocketAddress peerAddress() {
		return this.peerAddress;
	}

	@Override
	public final <T> @Nullable T attribute(Class<T> type) {
		return this.connection.attribute(type);
	}

	@Override
	public final RequestServer server() {
		return this.server;
	}

	/**
	 * When the connection was accepted.
	 * @return the {@link System#nanoTime()} of the accept
	 */
	public final long openedAt() {
		return this.openedAt;
	}

	/**
	 * How long a read may wait, as Python's {@code settimeout}; a read that waits longer
	 * fails with a {@link java.net.SocketTimeoutException}. Over a Unix socket the
	 * connection is closed when that happens.
	 * @param timeout the read timeout, or {@code null} to wait without bound
	 * @throws IOException if the socket refuses the setting
	 */
	public final void setReadTimeout(@Nullable Duration timeout) throws IOException {
		this.readTimeout = timeout;
		if (this.peerAddress instanceof InetSocketAddress && this.connection.hasChannel()) {
			// Also for a handler that reads the socket's own stream.
			socket().socket().setSoTimeout((timeout != null) ? (int) Math.max(1, timeout.toMillis()) : 0);
		}
	}

	/**
	 * The read timeout.
	 * @return the timeout, or {@code null} for none
	 */
	public final @Nullable Duration readTimeout() {
		return this.readTimeout;
	}

	/**
	 * How long one read call on {@link #rfile()} may take in total, however many socket
	 * reads it needs: unlike the read timeout, a client cannot stretch it by trickling
	 * bytes. A call that takes longer fails with an {@link IdleTimeoutException}, and so
	 * does every later read.
	 * @param timeout the idle timeout, or {@code null} for none
	 */
	public final void setIdleTimeout(@Nullable Duration timeout) {
		this.idleTimeout = timeout;
	}

	/**
	 * The idle timeout.
	 * @return the timeout, or {@code null} for none
	 */
	public final @Nullable Duration idleTimeout() {
		return this.idleTimeout;
	}

	/**
	 * Whether the idle timeout passed, so that the server reports it and closes the
	 * connection even if the handler caught it.
	 * @return the exception the handler was given, or {@code null}
	 */
	public final @Nullable IdleTimeoutException idleTimeoutExpired() {
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
	public final boolean close() throws IOException {
		synchronized (this) {
			if (this.closed) {
				return false;
			}
			this.closed = true;
		}
		try {
			if (this.connection.hasChannel()) {
				this.connection.channel().close();
			}
		}
		finally {
			// After the channel: closing it ends a write that holds the writer's lock.
			this.wfile.discard();
		}
		return true;
	}

	/**
	 * Begins a drain of the server on this connection; the server calls this. A read
	 * through {@link #rfile()} that would wait for new bytes, after the handler has taken
	 * every byte it was sent and has written since its last read (it answered), ends with
	 * the end of the stream (a line handler's {@code readLine()} returns {@code null});
	 * one that waits already is woken. Bytes already received are read first. Any other
	 * read reads on: a connection never answered, or a handler between the parts of a
	 * message. Idempotent.
	 */
	public void drain() {
		this.draining = true;
		// A connection made in memory has no socket to wake: its next read ends.
		if (this.messageStart.compareAndSet(AWAITING, ENDED) && this.connection.hasChannel()) {
			try {
				// Wakes the waiting read, which then sees the end of the stream.
				this.connection.channel().shutdownInput();
			}
			catch (IOException ex) {
				// Closed meanwhile: the read ends all the same.
			}
		}
	}

	/**
	 * {@return how many times {@link #wfile()} has sent bytes}
	 */
	long sends() {
		return this.wfile.sends();
	}

	/**
	 * The reader is about to wait for the start of a message, after an answer.
	 * @return false if a drain has begun: the read takes only bytes already received
	 */
	boolean awaitMessage() {
		if (this.draining || !this.messageStart.compareAndSet(BUSY, AWAITING)) {
			this.messageStart.set(ENDED);
			return false;
		}
		// A drain that began meanwhile may have missed the mark: end the wait here.
		return !(this.draining && this.messageStart.compareAndSet(AWAITING, ENDED));
	}

	/**
	 * The wait for the start of a message is over.
	 * @return false if a drain ended it: the connection's input is shut
	 */
	boolean messageStarted() {
		return this.messageStart.compareAndSet(AWAITING, BUSY);
	}

	/**
	 * Sends what waits in {@link #wfile()}, if anything; the reader calls this before it
	 * waits.
	 */
	void flushPending() throws IOException {
		// Also gives back a buffer taken for nothing, so that the connection waits
		// holding none.
		SocketWriter writer = this.wfile;
		if (writer.holdsBuffer()) {
			writer.flush();
		}
	}

}
