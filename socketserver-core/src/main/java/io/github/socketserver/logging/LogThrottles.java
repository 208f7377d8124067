package io.github.socketserver.logging;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link LogThrottle} per kind of line, so that a flood of one kind cannot hide the
 * first line of another. Thread-safe; one per server and source of lines.
 *
 * @since 0.1.0
 */
public final class LogThrottles {

	private final ConcurrentHashMap<Object, LogThrottle> throttles = new ConcurrentHashMap<>();

	/**
	 * Creates the throttles, each letting its first line through.
	 */
	public LogThrottles() {
	}

	/**
	 * Counts an event of a kind, and says whether to log it now.
	 * @param kind the kind of line, such as an exception's class; kinds should be few, as
	 * each keeps its throttle
	 * @return the events of that kind since its last line logged, this one included, or 0
	 * to stay silent
	 */
	public long tryLog(Object kind) {
		return this.throttles.computeIfAbsent(kind, (key) -> new LogThrottle()).tryLog();
	}

}
