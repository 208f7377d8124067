package io.github.socketserver.message;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketserver.connection.DetachedTransport;
import io.github.socketserver.handler.IdleTimeoutException;
import io.github.socketserver.handler.RequestServer;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a message engine: what its handler sees ({@link MessageConnection}),
 * its input's state, and its life from adoption to close; its output is
 * {@link ConnectionOutput}'s.
 * <p>
 * Its loop reads it ({@link FrameInput}); its frames run on the loop or as a task of the
 * executor ({@link FrameRun}); {@code send} may come from any thread. The fields the loop
 * alone uses are unguarded; the rest is guarded by this object's monitor, which every
 * path holds only for short, non-blocking work, and releases before calling the server or
 * the handler. Idle, a connection holds this object and nothing else of its own: no
 * buffer, no queue, no thread.
 */
final class EngineConnection extends ConnectionOutput implements MessageConnection {

	final AdoptedConnection adopted;

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

	@Nullable FrameRun run;

	private volatile @Nullable Map<String, Object> attributes;

	EngineConnection(MessageLoop loop, AdoptedConnection adopted, SocketChannel channel,
			@Nullable DetachedTransport layer) {
		super(loop, channel, layer);
		this.adopted = adopted;
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
	public void send(ByteBuffer payload) {
		sendFramed(context().codec.encode(payload));
	}

	@Override
	public void send(CharSequence text) {
		send(context().charset.encode(CharBuffer.wrap(text)));
	}

	@Override
	public void close() {
		synchronized (this) {
			this.state |= ConnectionState.OUTPUT_CLOSED | ConnectionState.INPUT_ENDED | ConnectionState.CLOSE_WHEN_DONE;
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
			return (this.state & (ConnectionState.CLOSED | ConnectionState.OUTPUT_CLOSED)) == 0;
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
			this.state |= ConnectionState.INPUT_ENDED | ConnectionState.CLOSE_WHEN_DONE;
			updateInterest();
		}
		finishIfDone();
	}

	/**
	 * Closes the connection if it is to close once done and nothing is left to do.
	 */
	@Override
	void finishIfDone() {
		IOException failure = null;
		synchronized (this) {
			if ((this.state
					& (ConnectionState.CLOSE_WHEN_DONE | ConnectionState.CLOSED)) != ConnectionState.CLOSE_WHEN_DONE
					|| isHandling()) {
				return;
			}
			failure = queueClosing();
			if (failure == null && hasOutput()) {
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
	@Override
	void closeNow(@Nullable Exception failure) {
		boolean tell;
		synchronized (this) {
			if ((this.state & ConnectionState.CLOSED) != 0) {
				return;
			}
			this.state |= ConnectionState.CLOSED | ConnectionState.INPUT_ENDED;
			dropOutput();
			FrameRun run = this.run;
			if (run != null) {
				run.clear();
			}
			tell = !isHandling();
			if (tell) {
				this.state |= ConnectionState.CLOSE_TOLD;
			}
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
	 * Whether a frame of the connection runs or waits to, on a loop or in a frame run;
	 * called with the monitor held.
	 */
	private boolean isHandling() {
		return (this.state & ConnectionState.HANDLING) != 0 || (this.run != null && this.run.isActive());
	}

	/**
	 * Runs a frame on the loop that read it ({@code sync}), unless the connection closed
	 * or is closing; a close that came meanwhile tells the handler once it returned. The
	 * caller then flushes and finishes a close that waits for the output.
	 */
	void handleInline(byte[] frame) {
		synchronized (this) {
			if ((this.state & (ConnectionState.CLOSED | ConnectionState.OUTPUT_CLOSED)) != 0) {
				// Closed by another thread while the codec cut the frame: dropped, as a
				// frame run drops those that wait.
				return;
			}
			this.state |= ConnectionState.HANDLING;
		}
		try {
			FrameRun.handle(this, frame);
		}
		finally {
			this.corkedBy = null;
			boolean tell;
			synchronized (this) {
				this.state &= ~ConnectionState.HANDLING;
				tell = takeCloseNotice();
			}
			if (tell) {
				tellClosed();
			}
		}
	}

	/**
	 * Whether the connection closed while a frame of it ran and its handler was not told
	 * yet: if so, the caller tells it, once. Called with the monitor held.
	 */
	boolean takeCloseNotice() {
		if ((this.state & (ConnectionState.CLOSED | ConnectionState.CLOSE_TOLD)) != ConnectionState.CLOSED) {
			return false;
		}
		this.state |= ConnectionState.CLOSE_TOLD;
		return true;
	}

	/**
	 * Tells the handler the connection closed: on a thread of the threading mode when the
	 * close happened on a loop that does not run handlers, else here.
	 */
	void tellClosed() {
		EngineContext context = context();
		Runnable told = () -> {
			try {
				context.handler.connectionClosed(this);
			}
			catch (RuntimeException ex) {
				// As a failing handleMessage is: through the server's handleError, not
				// up to a loop or an executor's thread, whose other connections go on.
				this.adopted.reportError(ex);
			}
		};
		if (!context.inline && Thread.currentThread() instanceof MessageLoop) {
			try {
				context.executor.execute(told);
				return;
			}
			catch (RuntimeException ex) {
				// No room or closed: told here, as it must be told.
			}
			catch (OutOfMemoryError ex) {
				context.noThreadFor(this, ex);
			}
		}
		told.run();
	}

	/**
	 * Closes the connection if it waited too long; called by its loop's periodic look.
	 * @param now the time, as {@link System#nanoTime()}
	 */
	void checkTimeouts(long now) {
		IOException timeout;
		synchronized (this) {
			if ((this.state & ConnectionState.CLOSED) != 0) {
				return;
			}
			timeout = outputStalled(now);
			if (timeout == null) {
				timeout = inputTimedOut(now);
			}
		}
		if (timeout != null) {
			closeNow(timeout);
		}
	}

	/**
	 * The idle timeout, for a frame begun and not whole within it, or the read timeout,
	 * for a client that sent nothing for that long while the engine waited for it; called
	 * with the monitor held.
	 */
	private @Nullable IOException inputTimedOut(long now) {
		EngineContext context = context();
		Duration idleTimeout = context.idleTimeout;
		if (idleTimeout != null && this.pending != null && now - this.frameStartedAt >= context.idleTimeoutNanos) {
			return new IdleTimeoutException(idleTimeout);
		}
		if (context.readTimeoutNanos > 0 && (this.state
				& (ConnectionState.INPUT_ENDED | ConnectionState.PAUSED_FRAMES | ConnectionState.PAUSED_OUTPUT)) == 0
				&& this.run == null && now - this.waitingSince >= context.readTimeoutNanos) {
			return new SocketTimeoutException("Read timed out after " + (context.readTimeoutNanos / 1_000_000) + " ms");
		}
		return null;
	}

}
