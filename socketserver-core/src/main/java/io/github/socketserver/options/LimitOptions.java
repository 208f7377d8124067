package io.github.socketserver.options;

/**
 * Caps on the requests in flight, so that a flood makes the server refuse rather than
 * fall over. Python has none.
 *
 * @param maxRequests the most requests in flight at once, in every threading mode (for a
 * stream server, its open connections); checked on the serving thread as a request
 * arrives; 0 for none
 * @param maxRequestsPerClient the most requests in flight from one client address (inet),
 * checked after the connection's layers, so that it counts the real client behind a
 * proxy; 0 for none
 * @since 0.1.0
 */
public record LimitOptions(int maxRequests, int maxRequestsPerClient) {

	/**
	 * No limits, as Python.
	 */
	public static final LimitOptions NONE = new LimitOptions(0, 0);

	/**
	 * Checks the settings, so a mistake shows when the options are built.
	 * @param maxRequests the most requests in flight at once; 0 for none
	 * @param maxRequestsPerClient the most requests in flight from one client address; 0
	 * for none
	 * @throws IllegalArgumentException if a limit is negative
	 */
	public LimitOptions {
		Check.atLeast(maxRequests, 0, "maxRequests");
		Check.atLeast(maxRequestsPerClient, 0, "maxRequestsPerClient");
	}

}
