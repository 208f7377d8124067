package io.github.socketserver.handler;

/**
 * Decides whether a request is served, Python's {@code verify_request}: access control
 * without a subclass of the server.
 * <p>
 * Called once per request before its handler, after the connection's layers have run, so
 * that it sees the client address they ended with (the real client behind a proxy).
 * Implementations are shared by every request of a server and must be thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RequestVerifier {

	/**
	 * Decides on one request.
	 * @param request the request, before any handler sees it
	 * @return true to serve it; false to close it at once
	 */
	boolean verifyRequest(Request request);

}
