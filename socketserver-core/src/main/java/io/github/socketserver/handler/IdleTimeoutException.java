package io.github.socketserver.handler;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One read call of a handler on {@code rfile()} took longer in total than the server's
 * {@code idleTimeout}: a client that trickles a line byte by byte, or sends nothing, is
 * cut even though each single wait stays under the read timeout.
 * <p>
 * Once it is thrown, every later read of the connection throws it again, and the server
 * reports it and closes the connection when the handler returns, also if the handler
 * caught it.
 *
 * @since 0.1.0
 */
public class IdleTimeoutException extends SocketTimeoutException {

	/**
	 * The server's idle timeout, which the read ran past.
	 */
	private final Duration idleTimeout;

	/**
	 * Creates the exception for a read that ran past a bound.
	 * @param idleTimeout the server's idle timeout
	 */
	public IdleTimeoutException(Duration idleTimeout) {
		super("No read completed within the idle timeout of " + idleTimeout.toMillis() + " ms");
		this.idleTimeout = idleTimeout;
	}

	/**
	 * The bound that was passed.
	 * @return the idle timeout
	 */
	public Duration idleTimeout() {
		return this.idleTimeout;
	}

}
