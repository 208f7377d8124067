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
 * @param ipv6ClientPrefix the leading bits of an IPv6 address that make one client for
 * {@code maxRequestsPerClient}, 64 by default: a host given a /64 holds all of its
 * addresses, and counting each one alone would let it past the cap
 * @since 0.1.0
 */
public record LimitOptions(int maxRequests, int maxRequestsPerClient, int ipv6ClientPrefix) {

	/**
	 * The prefix of an IPv6 client unless set: a /64, the smallest subnet a host is
	 * given.
	 */
	public static final int DEFAULT_IPV6_CLIENT_PREFIX = 64;

	/**
	 * No limits, as Python.
	 */
	public static final LimitOptions NONE = new LimitOptions(0, 0);

	/**
	 * Caps with IPv6 clients counted by their /64.
	 * @param maxRequests the most requests in flight at once; 0 for none
	 * @param maxRequestsPerClient the most requests in flight from one client address; 0
	 * for none
	 */
	public LimitOptions(int maxRequests, int maxRequestsPerClient) {
		this(maxRequests, maxRequestsPerClient, DEFAULT_IPV6_CLIENT_PREFIX);
	}

	/**
	 * Checks the settings, so a mistake shows when the options are built.
	 * @param maxRequests the most requests in flight at once; 0 for none
	 * @param maxRequestsPerClient the most requests in flight from one client address; 0
	 * for none
	 * @param ipv6ClientPrefix the leading bits of an IPv6 address that make one client
	 * @throws IllegalArgumentException if a limit is negative or the prefix is not
	 * between 1 and 128
	 */
	public LimitOptions {
		Check.atLeast(maxRequests, 0, "maxRequests");
		Check.atLeast(maxRequestsPerClient, 0, "maxRequestsPerClient");
		Check.atLeast(ipv6ClientPrefix, 1, "ipv6ClientPrefix");
		Check.atMost(ipv6ClientPrefix, 128, "ipv6ClientPrefix");
	}

}
