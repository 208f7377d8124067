package io.github.socketserver.handler;

/**
 * Reports a request that failed, Python's {@code handle_error}, in place of the server's
 * default log line.
 * <p>
 * Called on the thread that ran the request, once per failure; implementations are shared
 * by every request of a server and must be thread-safe. What it throws is logged and does
 * not stop the server.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ErrorHandler {

	/**
	 * Reports one failure.
	 * @param request the request that failed
	 * @param exception what it failed with
	 */
	void handleError(Request request, Exception exception);

}
