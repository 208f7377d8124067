package io.github.socketserver.handler;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Handles the connections of a stream server, Python's {@code StreamRequestHandler}.
 * <p>
 * For each connection {@link #setup}, {@link #handle} and {@link #finish} are called in
 * that order on the thread the server's threading mode gives; {@link #finish} is called
 * even if {@link #handle} throws. Read with {@link StreamRequest#rfile()} and write with
 * {@link StreamRequest#wfile()}: what was written reaches the client before the server
 * waits for more input, and when the handler is done. The server closes the connection
 * after {@link #finish}.
 * <p>
 * A shared handler serves all connections at once: keep per-connection state in local
 * variables, or have the server create a fresh handler per request.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface StreamRequestHandler extends RequestHandler<StreamRequest> {

	/**
	 * How long a read may wait for data, Python's {@code timeout}; a read that waits
	 * longer fails with a {@link java.net.SocketTimeoutException}.
	 * @return the read timeout, or {@code null} for the server's {@code readTimeout}
	 */
	default @Nullable Duration timeout() {
		return null;
	}

	/**
	 * Whether to send small writes at once ({@code TCP_NODELAY}), Python's
	 * {@code disable_nagle_algorithm}. Applies to TCP connections only.
	 * @return {@code true} to disable Nagle's algorithm; {@code false} for the server's
	 * {@code tcpNoDelay}
	 */
	default boolean disableNagleAlgorithm() {
		return false;
	}

}
