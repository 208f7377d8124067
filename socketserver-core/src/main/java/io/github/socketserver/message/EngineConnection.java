package io.github.socketserver.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketserver.connection.DetachedTransport;
import io.github.socketserver.handler.IdleTimeoutException;
import io.github.socketserver.handler.RequestServer;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a message engine: what its handler sees ({@link MessageConnection}),
 * its output, and its state from adoption to close.
 * <p>
 * Its loop reads it ({@link FrameInput}); its frames run on the loop or as a task of the
 * executor ({@link FrameRun}); {@code send} may come from any thread. The fields the loop
 * alone uses are unguarded; the rest is guarded by this object's monitor, which every
 * path holds only for short, non-blocking work, and releases before calling the server or
 * the handler. Idle, a connection holds this object and nothing else of its own: no
 * buffer, no queue, no thread.
 */
final class EngineConnection implements MessageConnection {

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

	// State bits, guarded by the monitor.

	/** At least one frame came. */
	static final int FRAMED = 1;

	/** Nothing more is read. */
	static final int INPUT_ENDED = 1 << 1;

	/** Closes once its frames are handled and its output has left. */
	static final int CLOSE_WHEN_DONE = 1 << 2;

	/**
	 * {@code close()} was called or the handler failed: sends fail, frames waiting are
	 * dropped.
	 */
	static final int OUTPUT_CLOSED = 1 << 3;

	static final int CLOSED = 1 << 4;

	/** The handler was told of the close. */
	static final int CLOSE_TOLD = 1 << 5;

	/** The server drains. */
	static final int DRAINING = 1 << 6;

	/** Reading stopped as too many frames wait for the handler. */
	static final int PAUSED_FRAMES = 1 << 7;

	/** Reading stopped as too many bytes wait for the client. */
	static final int PAUSED_OUTPUT = 1 << 8;

	/** The layer's closing bytes were queued. */
	static final int CLOSING_QUEUED = 1 << 9;

	final MessageLoop loop;

	final AdoptedConnection adopted;

	final SocketChannel channel;

	/**
	 * The layer that turns the bytes, or {@code null} for a plain socket.
	 */
	final @Nullable DetachedTransport layer;

	volatile @Nullable SelectionKey key;

	/**
	 * Bytes in the clear of a frame not yet whole, in read mode; the loop's alone.
	 */
	@Nullable ByteBuffer pending;

	/**
	 * Bytes read from the socket that the layer has not turned yet; the loop's alone.
	 */
	@Nullable ByteBuffer rawPending;

	/**
	 * When the first bytes of the frame not yet whole came; the loop's alone.
	 */
	long frameStartedAt;

	/**
	 * When the connection last began to wait for its client: a read, or the end of its
	 * frames; kept only with a read timeout.
	 */
	volatile long waitingSince;

	/**
	 * The loop that runs this connection's frames while more follow, in {@code sync}
	 * mode: what it sends waits until they are done, so that pipelined replies leave in
	 * one write. A handler on a thread of its own may block between frames: its replies
	 * leave at once.
	 */
	volatile @Nullable Thread corkedBy;

	int state;

	private int interest = -1;

	private @Nullable Outbox outbox;

	@Nullable FrameRun run;

	private volatile @Nullable Map<String, Object> attributes;

	EngineConnection(MessageLoop loop, AdoptedConnection adopted, SocketChannel channel,
			@Nullable DetachedTransport layer) {
		this.loop = loop;
		this.adopted = adopted;
		this.channel = channel;
		this.layer = layer;
	}

	EngineContext context() {
		return this.loop.context();
	}

	@Override
	public SocketAddress clientAddress() {
		return this.adopted.request().clientAddress();
	}

	@Override
	public <T> @Nullable T attribute(Class<T> type) {
		return this.adopted.request().attribute(type);
	}

	@Override
	public Map<String, Object> attributes() {
		Map<String, Object> attributes = this.attributes;
		if (attributes == null) {
			synchronized (this) {
				attributes = this.attributes;
				if (attributes == null) {
					attributes = new ConcurrentHashMap<>(4);
					this.attributes = attributes;
				}
			}
		}
		return attributes;
	}

	@Override
	public RequestServer server() {
		return this.adopted.request().server();
	}

	@Override
	public void send(CharSequence text) {
		send(context().charset.encode(CharBuffer.wrap(text)));
	}

	@Override
	public void send(ByteBuffer payload) {
		ByteBuffer framed = context().codec.encode(payload);
		Thread current = Thread.currentThread();
		boolean corked = current == this.corkedBy;
		IOException failure;
		synchronized (this) {
			if ((this.state & (CLOSED | OUTPUT_CLOSED)) != 0) {
				throw new UncheckedIOException("The connection from " + clientAddress() + " is closed",
						new ClosedChannelException());
			}
			failure = queue(framed, corked);
			if (failure == null && this.outbox != null && this.outbox.bytes() > HIGH_WATER) {
				if (current instanceof MessageLoop) {
					// A loop never waits: it reads this connection no more until the
					// client has taken most of it.
					this.state |= PAUSED_OUTPUT;
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
	private @Nullable IOException queue(ByteBuffer framed, boolean corked) {
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
	synchronized @Nullable IOException queueRaw(ByteBuffer bytes) {
		if ((this.state & CLOSED) != 0) {
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
	private @Nullable IOException awaitBacklog() {
		long timeoutNanos = context().writeTimeoutNanos;
		Outbox outbox = this.outbox;
		while (outbox != null && outbox.bytes() > HIGH_WATER && (this.state & CLOSED) == 0) {
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

	private SocketTimeoutException writeTimedOut() {
		return new SocketTimeoutException(
				"Write timed out: the client took no bytes for " + (context().writeTimeoutNanos / 1_000_000) + " ms");
	}

	/**
	 * Writes what waits, as far as the socket takes it without blocking; called with the
	 * monitor held.
	 */
	void flush() throws IOException {
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
		if ((this.state & PAUSED_OUTPUT) != 0 && (this.outbox == null || outbox.bytes() < LOW_WATER)) {
			this.state &= ~PAUSED_OUTPUT;
		}
		updateInterest();
	}

	/**
	 * Flushes what a corked runner left, and closes the connection if that failed or it
	 * is done.
	 */
	void flushCorked() {
		IOException failure = null;
		synchronized (this) {
			if (this.outbox != null && !this.outbox.waitingForSocket() && (this.state & CLOSED) == 0) {
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
	 * The socket can take bytes again; on the loop.
	 */
	void onWritable() {
		flushCorked();
	}

	/**
	 * Sets the events the loop waits for from the state; called with the monitor held.
	 */
	void updateInterest() {
		SelectionKey key = this.key;
		if (key == null || (this.state & CLOSED) != 0) {
			return;
		}
		int ops = ((this.state & (INPUT_ENDED | PAUSED_FRAMES | PAUSED_OUTPUT)) == 0) ? SelectionKey.OP_READ : 0;
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

	synchronized boolean hasOutput() {
		return this.outbox != null;
	}

	@Override
	public void close() {
		synchronized (this) {
			this.state |= OUTPUT_CLOSED | INPUT_ENDED | CLOSE_WHEN_DONE;
			if (this.run != null) {
				this.run.clear();
			}
			updateInterest();
		}
		finishIfDone();
	}

	@Override
	public boolean isOpen() {
		synchronized (this) {
			return (this.state & (CLOSED | OUTPUT_CLOSED)) == 0;
		}
	}

	/**
	 * Ends the connection after a failure of its handler or its client's bytes: what was
	 * sent before leaves, the frames waiting are dropped.
	 * @param failure reported first
	 */
	void fail(Exception failure) {
		this.adopted.reportError(failure);
		close();
	}

	/**
	 * Stops reading and closes once the frames read are handled and their replies have
	 * left.
	 */
	void endInput() {
		synchronized (this) {
			this.state |= INPUT_ENDED | CLOSE_WHEN_DONE;
			updateInterest();
		}
		finishIfDone();
	}

	/**
	 * Closes the connection if it is to close once done and nothing is left to do.
	 */
	void finishIfDone() {
		IOException failure = null;
		synchronized (this) {
			if ((this.state & (CLOSE_WHEN_DONE | CLOSED)) != CLOSE_WHEN_DONE
					|| (this.run != null && this.run.isActive())) {
				return;
			}
			DetachedTransport layer = this.layer;
			if (layer != null && (this.state & CLOSING_QUEUED) == 0) {
				this.state |= CLOSING_QUEUED;
				try {
					ByteBuffer closing = layer.closing();
					if (closing.hasRemaining()) {
						if (this.outbox == null) {
							this.outbox = new Outbox();
						}
						this.outbox.add(closing);
						flush();
					}
				}
				catch (IOException ex) {
					failure = ex;
				}
			}
			if (failure == null && this.outbox != null) {
				return; // the loop calls again once the socket took it
			}
		}
		closeNow(failure);
	}

	/**
	 * Closes the connection now, once, whatever waits: the server ends it (its places,
	 * its socket, its metrics), and the handler is told once no frame of it runs.
	 * @param failure reported first, or {@code null}
	 */
	void closeNow(@Nullable Exception failure) {
		boolean tell;
		synchronized (this) {
			if ((this.state & CLOSED) != 0) {
				return;
			}
			this.state |= CLOSED | INPUT_ENDED;
			this.outbox = null;
			this.corkedBy = null;
			FrameRun run = this.run;
			if (run != null) {
				run.clear();
			}
			tell = run == null || !run.isActive();
			if (tell) {
				this.state |= CLOSE_TOLD;
			}
			notifyAll();
		}
		if (failure != null) {
			this.adopted.reportError(failure);
		}
		SelectionKey key = this.key;
		if (key != null) {
			key.cancel();
		}
		try {
			this.adopted.closed();
		}
		finally {
			this.loop.forget(this);
			if (tell) {
				tellClosed();
			}
		}
	}

	/**
	 * Tells the handler the connection closed: on a thread of the threading mode when the
	 * close happened on a loop that does not run handlers, else here.
	 */
	void tellClosed() {
		EngineContext context = context();
		Runnable told = () -> context.handler.connectionClosed(this);
		if (!context.inline && Thread.currentThread() instanceof MessageLoop) {
			try {
				context.executor.execute(told);
				return;
			}
			catch (RuntimeException ex) {
				// No room or closed: told here, as it must be told.
			}
		}
		told.run();
	}

	/**
	 * Closes the connection if it waited too long; called by its loop's periodic look.
	 * @param now the time, as {@link System#nanoTime()}
	 */
	void checkTimeouts(long now) {
		EngineContext context = context();
		IOException timeout = null;
		synchronized (this) {
			if ((this.state & CLOSED) != 0) {
				return;
			}
			if (context.writeTimeoutNanos > 0 && this.outbox != null
					&& this.outbox.stalled(now, context.writeTimeoutNanos)) {
				timeout = writeTimedOut();
			}
			else if (context.idleTimeoutNanos > 0 && this.pending != null
					&& now - this.frameStartedAt >= context.idleTimeoutNanos && context.idleTimeout != null) {
				timeout = new IdleTimeoutException(context.idleTimeout);
			}
			else if (context.readTimeoutNanos > 0 && (this.state & (INPUT_ENDED | PAUSED_FRAMES | PAUSED_OUTPUT)) == 0
					&& this.run == null && now - this.waitingSince >= context.readTimeoutNanos) {
				timeout = new SocketTimeoutException(
						"Read timed out after " + (context.readTimeoutNanos / 1_000_000) + " ms");
			}
		}
		if (timeout != null) {
			closeNow(timeout);
		}
	}

}
