package io.github.socketserver.message;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Set;

import io.github.socketserver.handler.IdleTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The timeouts of a loop's connections: the read timeout of a client that sends nothing
 * while the engine waits for it, the idle timeout of a frame begun and not whole, and the
 * write timeout of a client that takes nothing. Its loop looks at them a few times per
 * shortest timeout ({@link EngineContext#tickNanos()}) rather than arming a timer per
 * connection, so that an idle connection costs its object and nothing more.
 */
final class ConnectionTimeouts {

	private ConnectionTimeouts() {
	}

	/**
	 * Closes the connections of a loop that waited too long; on the loop.
	 * @param context the engine's settings
	 * @param keys the loop's keys
	 * @param now the time, as {@link System#nanoTime()}
	 */
	static void checkAll(EngineContext context, Set<SelectionKey> keys, long now) {
		if (context.readTimeoutNanos == 0 && context.idleTimeoutNanos == 0 && context.writeTimeoutNanos == 0) {
			return;
		}
		for (SelectionKey key : keys) {
			if (key.isValid()) {
				check((EngineConnection) key.attachment(), now);
			}
		}
	}

	/**
	 * Closes the connection if it waited too long; called by its loop's periodic look.
	 * @param now the time, as {@link System#nanoTime()}
	 */
	static void check(EngineConnection connection, long now) {
		IOException timeout;
		synchronized (connection) {
			if ((connection.state & ConnectionState.CLOSED) != 0) {
				return;
			}
			timeout = outputStalled(connection, now);
			if (timeout == null) {
				timeout = inputTimedOut(connection, now);
			}
		}
		if (timeout != null) {
			connection.closeNow(timeout);
		}
	}

	/**
	 * Whether bytes waited for the socket longer than the write timeout; called with the
	 * monitor held.
	 * @param now the time, as {@link System#nanoTime()}
	 * @return the timeout to report, or {@code null}
	 */
	private static @Nullable SocketTimeoutException outputStalled(EngineConnection connection, long now) {
		EngineContext context = connection.context();
		long timeoutNanos = context.writeTimeoutNanos;
		Outbox outbox = connection.outbox;
		return (timeoutNanos > 0 && outbox != null && outbox.stalled(now, timeoutNanos)) ? writeTimedOut(context)
				: null;
	}

	/**
	 * The idle timeout, for a frame begun and not whole within it, or the read timeout,
	 * for a client that sent nothing for that long while the engine waited for it; called
	 * with the monitor held.
	 */
	private static @Nullable IOException inputTimedOut(EngineConnection connection, long now) {
		EngineContext context = connection.context();
		Duration idleTimeout = context.idleTimeout;
		if (idleTimeout != null && connection.pending != null
				&& now - connection.frameStartedAt >= context.idleTimeoutNanos) {
			return new IdleTimeoutException(idleTimeout);
		}
		if (context.readTimeoutNanos > 0 && (connection.state
				& (ConnectionState.INPUT_ENDED | ConnectionState.PAUSED_FRAMES | ConnectionState.PAUSED_OUTPUT)) == 0
				&& connection.run == null && now - connection.waitingSince >= context.readTimeoutNanos) {
			return new SocketTimeoutException("Read timed out after " + (context.readTimeoutNanos / 1_000_000) + " ms");
		}
		return null;
	}

	/**
	 * The write timeout, for a client that took no bytes for that long.
	 */
	static SocketTimeoutException writeTimedOut(EngineContext context) {
		return new SocketTimeoutException(
				"Write timed out: the client took no bytes for " + (context.writeTimeoutNanos / 1_000_000) + " ms");
	}

}
