package io.github.socketserver.handler;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

import io.github.socketserver.connection.Transport;
import org.jspecify.annotations.Nullable;

/**
 * The bounds of a reader's socket reads: the request's read timeout bounds each wait for
 * bytes, and its idle timeout each read call of the handler in total, across the socket
 * reads it needs, so that a client trickling a byte at a time cannot hold the connection.
 * The call's deadline is a field, not a timer: an idle connection costs no more.
 * <p>
 * It also knows when the handler waits for the start of its next message: a read call
 * that began with nothing buffered, before its first byte, after the handler wrote since
 * bytes last came. A drain ends such a wait with the end of the stream once what the
 * socket holds is read ({@link StreamRequest#drain()}). Not thread-safe: one per reader.
 */
final class ReadDeadline {

	/**
	 * How long a read during a drain waits for bytes the socket may hold already.
	 */
	private static final long RECEIVED_PROBE_NANOS = 1_000_000;

	private final @Nullable StreamRequest request;

	private final Transport transport;

	/**
	 * When the read call in progress must be done, as {@link System#nanoTime()}; 0 when
	 * no call with an idle timeout is in progress.
	 */
	private long deadline;

	/**
	 * Read calls in progress: {@code readNBytes} calls {@code read}.
	 */
	private int depth;

	/**
	 * Whether the call in progress began with nothing buffered and has read nothing yet.
	 */
	private boolean atMessageStart;

	/**
	 * The request's {@link StreamRequest#sends()} when bytes last came: when it has not
	 * moved since, the handler has not answered and a drain does not end its read.
	 */
	private long sendsAtLastRead;

	ReadDeadline(@Nullable StreamRequest request, Transport transport) {
		this.request = request;
		this.transport = transport;
	}

	/**
	 * Starts a read call of the handler: sets its deadline unless a call is already in
	 * progress ({@code readNBytes} calls {@code read}).
	 * @param nothingBuffered whether the reader holds no byte the call could return
	 * @return whether {@link #endCall} must follow
	 */
	boolean beginCall(boolean nothingBuffered) throws IOException {
		StreamRequest request = this.request;
		if (request == null) {
			return false;
		}
		IdleTimeoutException expired = request.idleTimeoutExpired();
		if (expired != null) {
			throw expired;
		}
		if (this.depth++ > 0) {
			return true;
		}
		this.atMessageStart = nothingBuffered;
		Duration idleTimeout = request.idleTimeout();
		if (idleTimeout != null) {
			long deadline = System.nanoTime() + idleTimeout.toNanos();
			this.deadline = (deadline != 0) ? deadline : 1;
		}
		return true;
	}

	void endCall(boolean call) {
		if (call && --this.depth == 0) {
			this.deadline = 0;
			this.atMessageStart = false;
		}
	}

	/**
	 * One socket read, bounded by the read timeout and by what is left of the call's idle
	 * deadline; at the start of a message after an answer, ended by a drain once the
	 * bytes already received are read.
	 */
	int read(ByteBuffer target) throws IOException {
		StreamRequest request = this.request;
		if (!this.atMessageStart || request == null) {
			return afterRead(timedRead(target));
		}
		this.atMessageStart = false;
		if (request.sends() == this.sendsAtLastRead) {
			// Not answered since the last bytes came: the handler is mid-message, or
			// has not been served once.
			return afterRead(timedRead(target));
		}
		if (!request.awaitMessage()) {
			return afterRead(readReceived(target));
		}
		int count;
		try {
			count = timedRead(target);
		}
		catch (IOException ex) {
			if (!request.messageStarted()) {
				return -1;
			}
			throw ex;
		}
		// Bytes that came as a drain ended the wait are still the handler's.
		return (request.messageStarted() || count > 0) ? afterRead(count) : -1;
	}

	private int afterRead(int count) {
		if (count > 0 && this.request != null) {
			this.sendsAtLastRead = this.request.sends();
		}
		return count;
	}

	/**
	 * Takes only what the socket has received already: a drain began.
	 * @return the bytes read, or -1 if none waited
	 */
	private int readReceived(ByteBuffer target) {
		try {
			return this.transport.read(target, RECEIVED_PROBE_NANOS);
		}
		catch (IOException ex) {
			// None came within the probe, or the drain shut the input.
			return -1;
		}
	}

	private int timedRead(ByteBuffer target) throws IOException {
		Duration readTimeout = (this.request != null) ? this.request.readTimeout() : null;
		long readNanos = (readTimeout != null) ? readTimeout.toNanos() : 0;
		long deadline = this.deadline;
		if (deadline == 0) {
			return this.transport.read(target, readNanos);
		}
		long remaining = deadline - System.nanoTime();
		if (remaining <= 0) {
			throw expired();
		}
		boolean idleFirst = readTimeout == null || remaining <= readNanos;
		try {
			return this.transport.read(target, idleFirst ? remaining : readNanos);
		}
		catch (SocketTimeoutException ex) {
			throw idleFirst ? expired() : ex;
		}
	}

	private IdleTimeoutException expired() {
		// Only a call with an idle deadline gets here, and only readers of a request
		// have one.
		StreamRequest request = Objects.requireNonNull(this.request);
		IdleTimeoutException expired = new IdleTimeoutException(
				Objects.requireNonNullElse(request.idleTimeout(), Duration.ZERO));
		request.idleTimeoutExpired(expired);
		return expired;
	}

}
