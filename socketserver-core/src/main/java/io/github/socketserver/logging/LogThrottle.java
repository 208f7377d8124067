package io.github.socketserver.logging;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a log line a client can trigger through at most once a second, counting those it
 * held back, so that a flood of bad clients cannot flood the log. Thread-safe and
 * lock-free; one per kind of line.
 *
 * @since 0.1.0
 */
public final class LogThrottle {

	private static final long INTERVAL_NANOS = 1_000_000_000L;

	private final AtomicLong last = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

	private final AtomicLong since = new AtomicLong();

	/**
	 * Creates a throttle that lets its first line through.
	 */
	public LogThrottle() {
	}

	/**
	 * Counts an event, and says whether to log it now.
	 * @return the events since the last line logged, this one included, or 0 to stay
	 * silent
	 */
	public long tryLog() {
		long count = this.since.incrementAndGet();
		long now = System.nanoTime();
		long previous = this.last.get();
		if (now - previous >= INTERVAL_NANOS && this.last.compareAndSet(previous, now)) {
			this.since.addAndGet(-count);
			return count;
		}
		return 0;
	}

}
