package io.github.socketserver.message;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import io.github.socketserver.connection.DetachedTransport;
import org.jspecify.annotations.Nullable;

/**
 * The output of a connection of the message engine: what is sent leaves in order, written
 * at once when nothing waits before it, else queued in an {@link Outbox} that the loop
 * writes as the socket takes it. A sender other than a loop waits while the backlog is
 * high; a loop never waits, it stops reading the connection instead, and neither does a
 * sender before a loop took the connection. What its layer sends on its own is
 * {@link LayerOutput}'s.
 * <p>
 * Guarded by this object's monitor, held only for non-blocking work.
 */
abstract class ConnectionOutput extends LoopConnection {

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

	/**
	 * The thread that runs this connection's frames while more already wait (the loop in
	 * {@code sync} mode, the connection's task in the others): what it sends waits until
	 * they are done, so that pipelined replies leave in one write, as a stream handler's
	 * do until it must wait for input. The replies to the last frame read, and pushes
	 * from any other thread, leave at once.
	 */
	volatile @Nullable Thread corkedBy;

	ConnectionOutput(MessageLoop loop, SocketChannel channel, @Nullable DetachedTransport layer) {
		super(loop, channel, layer);
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
	 * Queues bytes after those waiting, without writing them; called with the monitor
	 * held.
	 */
	final void enqueue(ByteBuffer bytes) {
		Outbox outbox = this.outbox;
		if (outbox == null) {
			outbox = new Outbox();
			this.outbox = outbox;
		}
		outbox.add(bytes);
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
				return ConnectionTimeouts.writeTimedOut(context());
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
	 * Drops what waits, as the connection closes; called with the monitor held.
	 */
	final void dropOutput() {
		this.outbox = null;
		this.corkedBy = null;
		notifyAll();
	}

}
