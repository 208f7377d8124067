package io.github.socketserver.handler;

/**
 * Handles requests, Python's {@code BaseRequestHandler}.
 * <p>
 * For each request the server calls {@link #setup}, {@link #handle} and {@link #finish}
 * in that order, on the thread its threading mode gives; {@link #finish} is called even
 * if {@link #handle} throws, and not if {@link #setup} does. An exception from any of
 * them goes to the server's {@code handleError}, and the server goes on.
 * <p>
 * A server either shares one handler between all requests (it must then be thread-safe:
 * keep per-request state in local variables) or gets a fresh one per request from a
 * supplier, as Python does.
 *
 * @param <R> the type of request
 * @since 0.1.0
 */
@FunctionalInterface
public interface RequestHandler<R extends Request> {

	/**
	 * Prepares for the request. Does nothing by default.
	 * @param request the request
	 * @throws Exception to give up on the request
	 */
	default void setup(R request) throws Exception {
	}

	/**
	 * Does the work of the request.
	 * @param request the request
	 * @throws Exception to report the request as failed
	 */
	void handle(R request) throws Exception;

	/**
	 * Cleans up after the request, whether {@link #handle} returned or threw. Does
	 * nothing by default.
	 * @param request the request
	 * @throws Exception to report the clean-up as failed
	 */
	default void finish(R request) throws Exception {
	}

}
