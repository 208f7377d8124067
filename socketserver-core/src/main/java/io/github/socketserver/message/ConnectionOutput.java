package io.github.socketserver.message;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import io.github.socketserver.connection.DetachedTransport;
import org.jspecify.annotations.Nullable;

/**
 * The output of a connection of the message engine, and its state bits: what is sent
 * leaves in order, written at once when nothing waits before it, else queued in an
 * {@link Outbox} that the loop writes as the socket takes it. A sender other than a loop
 * waits while the backlog is high; a loop never waits, it stops reading the connection
 * instead, and neither does a sender before a loop took the connection.
 * <p>
 * Guarded by this object's monitor, held only for non-blocking work.
 */
abstract class ConnectionOutput {

	/**
	 * The backlog of unsent bytes past which a sender other than a loop waits, and a loop
	 * stops reading the connection.
	 */
	static final long HIGH_WATER = 256 * 1024;

	/**
	 * The backlog under which a connection paused for its output reads again.
	 */
	static final long LOW_WATER = 64 * 1024;

	/**
	 * The bytes a frame runner keeps back while more frames follow, so that pipelined
	 * replies leave together.
	 */
	static final long CORK_LIMIT = 64 * 1024;

	final MessageLoop loop;

	final SocketChannel channel;

	/**
	 * The layer that turns the bytes, or {@code null} for a plain socket.
	 */
	final @Nullable DetachedTransport layer;

	volatile @Nullable SelectionKey key;

	/**
	 * The thread that runs this connection's frames while more already wait (the loop in
	 * {@code sync} mode, the connection's task in the others): what it sends waits until
	 * they are done, so that pipelined replies leave in one write, as a stream handler's
	 * do until it must wait for input. The replies to the last frame read, and pushes
	 * from any other thread, leave at once.
	 */
	volatile @Nullable Thread corkedBy;

	int state;

	private int interest = -1;

	private @Nullable Outbox outbox;

	ConnectionOutput(MessageLoop loop, SocketChannel channel, @Nullable DetachedTransport layer) {
		this.loop = loop;
		this.channel = channel;
		this.layer = layer;
	}

	final EngineContext context() {
		return this.loop.context();
	}

	abstract SocketAddress clientAddress();

	/**
	 * Closes the connection now, reporting the failure first.
	 */
	abstract void closeNow(@Nullable Exception failure);

	/**
	 * Closes the connection if it is to close once done and nothing is left to do.
	 */
	abstract void finishIfDone();

	/**
	 * Sends bytes the codec framed: written now if nothing waits before them and the
	 * sender is not corked, else queued; a sender other than a loop then waits while the
	 * backlog is high.
	 * @param framed the bytes, consumed
	 */
	final void sendFramed(ByteBuffer framed) {
		Thread current = Thread.currentThread();
		boolean corked = current == this.corkedBy;
		IOException failure;
		synchronized (this) {
			if ((this.state & (ConnectionState.CLOSED | ConnectionState.OUTPUT_CLOSED)) != 0) {
				throw new ConnectionClosedException(this);
			}
			failure = queue(framed, corked);
			if (failure == null && this.outbox != null && this.outbox.bytes() > HIGH_WATER) {
				if (current instanceof MessageLoop || this.key == null) {
					// A loop never waits: it reads this connection no more until the
					// client has taken most of it. Nor does a sender before the loop
					// took the connection (connectionOpened): no loop writes it yet.
					this.state |= ConnectionState.PAUSED_OUTPUT;
					updateInterest();
				}
				else {
					failure = awaitBacklog();
				}
			}
		}
		if (failure != null) {
			closeNow(failure);
		}
	}

	/**
	 * Writes the bytes now if nothing waits before them and the sender is not corked,
	 * else queues them.
	 * @return the failure of a write, or {@code null}
	 */
	private final @Nullable IOException queue(ByteBuffer framed, boolean corked) {
		try {
			DetachedTransport layer = this.layer;
			ByteBuffer bytes = (layer != null) ? layer.wrap(framed) : framed;
			Outbox outbox = this.outbox;
			if (outbox == null) {
				if (!corked) {
					int written = this.channel.write(bytes);
					if (written > 0) {
						context().traffic.bytesSent(written);
					}
					if (!bytes.hasRemaining()) {
						return null;
					}
				}
				outbox = new Outbox();
				this.outbox = outbox;
			}
			outbox.add(bytes);
			if (!corked || outbox.bytes() >= CORK_LIMIT) {
				flush();
			}
			return null;
		}
		catch (IOException ex) {
			return ex;
		}
	}

	/**
	 * Queues bytes a layer sends on its own (a TLS key update), bypassing the codec.
	 */
	final synchronized @Nullable IOException queueRaw(ByteBuffer bytes) {
		if ((this.state & ConnectionState.CLOSED) != 0) {
			return null;
		}
		Outbox outbox = this.outbox;
		if (outbox == null) {
			outbox = new Outbox();
			this.outbox = outbox;
		}
		outbox.add(bytes);
		try {
			flush();
			return null;
		}
		catch (IOException ex) {
			return ex;
		}
	}

	/**
	 * Waits, off the loops, while the client has more than {@link #HIGH_WATER} bytes to
	 * take, at most until it took nothing for the write timeout.
	 * @return the timeout, or {@code null} if the backlog went down or the connection
	 * closed
	 */
	private final @Nullable IOException awaitBacklog() {
		long timeoutNanos = context().writeTimeoutNanos;
		Outbox outbox = this.outbox;
		while (outbox != null && outbox.bytes() > HIGH_WATER && (this.state & ConnectionState.CLOSED) == 0) {
			long now = System.nanoTime();
			if (timeoutNanos > 0 && outbox.stalled(now, timeoutNanos)) {
				return writeTimedOut();
			}
			try {
				wait((timeoutNanos > 0) ? Math.max(1, timeoutNanos / 4_000_000) : 0);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
			outbox = this.outbox;
		}
		return null;
	}

	private final SocketTimeoutException writeTimedOut() {
		return new SocketTimeoutException(
				"Write timed out: the client took no bytes for " + (context().writeTimeoutNanos / 1_000_000) + " ms");
	}

	/**
	 * Writes what waits, as far as the socket takes it without blocking; called with the
	 * monitor held.
	 */
	final void flush() throws IOException {
		Outbox outbox = this.outbox;
		if (outbox == null) {
			return;
		}
		long written = outbox.writeTo(this.channel, System.nanoTime());
		if (written > 0) {
			context().traffic.bytesSent((int) written);
		}
		if (outbox.isEmpty()) {
			this.outbox = null;
		}
		if (written > 0) {
			notifyAll();
		}
		if ((this.state & ConnectionState.PAUSED_OUTPUT) != 0 && (this.outbox == null || outbox.bytes() < LOW_WATER)) {
			this.state &= ~ConnectionState.PAUSED_OUTPUT;
		}
		updateInterest();
	}

	/**
	 * Flushes what a corked runner left, unless the socket is known to be full (the loop
	 * then writes when it can take more), and closes the connection if that failed or it
	 * is done.
	 */
	final void flushCorked() {
		flushAndFinish(false);
	}

	/**
	 * The socket can take bytes again; on the loop.
	 */
	final void onWritable() {
		flushAndFinish(true);
	}

	private void flushAndFinish(boolean writable) {
		IOException failure = null;
		synchronized (this) {
			Outbox outbox = this.outbox;
			if (outbox != null && (writable || !outbox.waitingForSocket())
					&& (this.state & ConnectionState.CLOSED) == 0) {
				try {
					flush();
				}
				catch (IOException ex) {
					failure = ex;
				}
			}
		}
		if (failure != null) {
			closeNow(failure);
			return;
		}
		finishIfDone();
	}

	/**
	 * Sets the events the loop waits for from the state; called with the monitor held.
	 */
	final void updateInterest() {
		SelectionKey key = this.key;
		if (key == null || (this.state & ConnectionState.CLOSED) != 0) {
			return;
		}
		int ops = ((this.state
				& (ConnectionState.INPUT_ENDED | ConnectionState.PAUSED_FRAMES | ConnectionState.PAUSED_OUTPUT)) == 0)
						? SelectionKey.OP_READ : 0;
		Outbox outbox = this.outbox;
		if (outbox != null && outbox.waitingForSocket()) {
			ops |= SelectionKey.OP_WRITE;
		}
		if (ops != this.interest) {
			this.interest = ops;
			try {
				key.interestOps(ops);
			}
			catch (CancelledKeyException ex) {
				return; // closed meanwhile
			}
			if (Thread.currentThread() != this.loop) {
				this.loop.wakeup();
			}
		}
	}

	/**
	 * Queues the bytes that end the layer's stream, once, before the connection closes;
	 * called with the monitor held.
	 * @return the failure, or {@code null}
	 */
	final @Nullable IOException queueClosing() {
		DetachedTransport layer = this.layer;
		if (layer == null || (this.state & ConnectionState.CLOSING_QUEUED) != 0) {
			return null;
		}
		this.state |= ConnectionState.CLOSING_QUEUED;
		try {
			ByteBuffer closing = layer.closing();
			if (closing.hasRemaining()) {
				Outbox outbox = this.outbox;
				if (outbox == null) {
					outbox = new Outbox();
					this.outbox = outbox;
				}
				outbox.add(closing);
				flush();
			}
			return null;
		}
		catch (IOException ex) {
			return ex;
		}
	}

	/**
	 * {@return whether bytes wait to be written}; called with the monitor held
	 */
	final boolean hasOutput() {
		return this.outbox != null;
	}

	/**
	 * Drops what waits, as the connection closes; called with the monitor held.
	 */
	final void dropOutput() {
		this.outbox = null;
		this.corkedBy = null;
		notifyAll();
	}

	/**
	 * Whether bytes waited for the socket longer than the write timeout; called with the
	 * monitor held.
	 * @param now the time, as {@link System#nanoTime()}
	 * @return the timeout to report, or {@code null}
	 */
	final @Nullable SocketTimeoutException outputStalled(long now) {
		long timeoutNanos = context().writeTimeoutNanos;
		Outbox outbox = this.outbox;
		return (timeoutNanos > 0 && outbox != null && outbox.stalled(now, timeoutNanos)) ? writeTimedOut() : null;
	}

}
