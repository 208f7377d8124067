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
 * The call's deadline is a field, not a timer: an idle connection costs no more. Not
 * thread-safe: one per reader.
 */
final class ReadDeadline {

	private final @Nullable StreamRequest request;

	private final Transport transport;

	/**
	 * When the read call in progress must be done, as {@link System#nanoTime()}; 0 when
	 * no call with an idle timeout is in progress.
	 */
	private long deadline;

	ReadDeadline(@Nullable StreamRequest request, Transport transport) {
		this.request = request;
		this.transport = transport;
	}

	/**
	 * Starts a read call of the handler: sets its deadline unless a call is already in
	 * progress ({@code readNBytes} calls {@code read}).
	 * @return whether this call set the deadline, and must clear it
	 */
	boolean beginCall() throws IOException {
		StreamRequest request = this.request;
		if (request == null) {
			return false;
		}
		IdleTimeoutException expired = request.idleTimeoutExpired();
		if (expired != null) {
			throw expired;
		}
		Duration idleTimeout = request.idleTimeout();
		if (idleTimeout == null || this.deadline != 0) {
			return false;
		}
		long deadline = System.nanoTime() + idleTimeout.toNanos();
		this.deadline = (deadline != 0) ? deadline : 1;
		return true;
	}

	void endCall(boolean call) {
		if (call) {
			this.deadline = 0;
		}
	}

	/**
	 * One socket read, bounded by the read timeout and by what is left of the call's idle
	 * deadline.
	 */
	int read(ByteBuffer target) throws IOException {
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
