package io.github.socketserver.logging;

import java.util.function.LongSupplier;

/**
 * Lets log lines a client can trigger through at a bounded rate, counting those it held
 * back, so that a flood of bad clients cannot flood the log: the first few at once (one
 * unless set), then one a second, each line let through told how many events it stands
 * for. Thread-safe; one per kind of line.
 *
 * @since 0.1.0
 */
public final class LogThrottle {

	private static final long INTERVAL_NANOS = 1_000_000_000L;

	private final long burstNanos;

	private final LongSupplier clock;

	/**
	 * When the bucket was last full, shifted forward one interval per line let through.
	 */
	private long fullAt;

	private long since;

	/**
	 * Creates a throttle that lets its first line through, then one a second.
	 */
	public LogThrottle() {
		this(1);
	}

	/**
	 * Creates a throttle that lets a burst of lines through, then one a second.
	 * @param burst how many lines may go through at once, at least 1
	 */
	public LogThrottle(int burst) {
		this(burst, System::nanoTime);
	}

	LogThrottle(int burst, LongSupplier clock) {
		if (burst < 1) {
			throw new IllegalArgumentException("burst must be at least 1, was " + burst);
		}
		this.burstNanos = burst * INTERVAL_NANOS;
		this.clock = clock;
		this.fullAt = clock.getAsLong() - this.burstNanos;
	}

	/**
	 * Counts an event, and says whether to log it now.
	 * @return the events since the last line logged, this one included, or 0 to stay
	 * silent
	 */
	public synchronized long tryLog() {
		this.since++;
		long now = this.clock.getAsLong();
		// A bucket of burst lines, one line filling back each interval.
		long start = Math.max(this.fullAt, now - this.burstNanos);
		if (now - start < INTERVAL_NANOS) {
			return 0;
		}
		this.fullAt = start + INTERVAL_NANOS;
		long count = this.since;
		this.since = 0;
		return count;
	}

}
