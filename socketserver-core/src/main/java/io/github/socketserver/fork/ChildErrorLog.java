package io.github.socketserver.fork;

import java.util.Map;
import java.util.WeakHashMap;

import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.logging.LogThrottle;

/**
 * The rate of the standard-error lines of one server's children: a child may echo what
 * its client sent, and every client starts one, so the lines of all of a server's
 * children share one throttle: a burst of {@value #BURST}, then one a second. Kept per
 * server while the server lives.
 */
final class ChildErrorLog {

	static final int BURST = 20;

	private static final Map<RequestServer, LogThrottle> throttles = new WeakHashMap<>();

	private ChildErrorLog() {
	}

	/**
	 * The throttle of a server's children.
	 * @param server the server
	 * @return its throttle, made on first use
	 */
	static LogThrottle of(RequestServer server) {
		synchronized (throttles) {
			return throttles.computeIfAbsent(server, (key) -> new LogThrottle(BURST));
		}
	}

}
