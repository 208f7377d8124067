package io.github.socketserver.connection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Write timeouts for blocking socket writes, which no socket option bounds: a write that
 * makes no progress for its timeout has its channel closed by one shared watcher thread,
 * and the writer sees a {@link java.net.SocketTimeoutException}.
 * <p>
 * A write only marks when it started, in a field of its transport: no timer task and no
 * lock per write, as most writes never wait. The watcher looks at the transports with a
 * write timeout a few times per shortest live timeout (at most once a second, at least
 * every 10 ms), forgets those whose channel closed, and parks while there are none; a new
 * transport wakes it only from that park, or when it needs a quicker pace.
 */
final class WriteDeadlines {

	private static final long MIN_TICK_NANOS = 10_000_000L;

	private static final long MAX_TICK_NANOS = 1_000_000_000L;

	private static final Set<SocketTransport> watched = ConcurrentHashMap.newKeySet();

	private static volatile long tickNanos = MAX_TICK_NANOS;

	private static @Nullable Thread watcher;

	private static final AtomicLong wakeUps = new AtomicLong();

	/**
	 * Whether the watcher parks, or is about to, with no transport to watch.
	 */
	private static volatile boolean idle;

	private WriteDeadlines() {
	}

	/**
	 * Watches the writes of a transport until its channel closes.
	 * @param transport the transport
	 * @param timeoutNanos its write timeout
	 */
	static void watch(SocketTransport transport, long timeoutNanos) {
		Thread thread = watcher();
		watched.add(transport);
		long tick = tickFor(timeoutNanos);
		boolean sooner = tick < tickNanos;
		if (sooner) {
			tickNanos = tick;
		}
		// Only a watcher parked for want of transports, or too slow for this one, is
		// woken: a wake-up makes it look at every connection, so waking it per accept
		// would cost each accept a pass over all the others.
		if (sooner || idle) {
			wakeUps.incrementAndGet();
			LockSupport.unpark(thread);
		}
	}

	/**
	 * {@return how many times a new transport woke the watcher; for tests}
	 */
	static long wakeUps() {
		return wakeUps.get();
	}

	/**
	 * {@return whether the watcher parks with no transport to watch; for tests}
	 */
	static boolean idle() {
		return idle;
	}

	/**
	 * Stops watching a transport whose socket is no longer written through it.
	 * @param transport the transport
	 */
	static void forget(SocketTransport transport) {
		watched.remove(transport);
	}

	/**
	 * {@return whether a transport is watched; for tests}
	 */
	static boolean isWatched(SocketTransport transport) {
		return watched.contains(transport);
	}

	/**
	 * {@return how long the watcher parks now; for tests}
	 */
	static long tickNanos() {
		return tickNanos;
	}

	private static long tickFor(long timeoutNanos) {
		return Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, timeoutNanos / 4));
	}

	private static synchronized Thread watcher() {
		Thread thread = watcher;
		if (thread == null) {
			thread = new Thread(WriteDeadlines::watch, "socketserver-write-deadlines");
			thread.setDaemon(true);
			thread.start();
			watcher = thread;
		}
		return thread;
	}

	private static void watch() {
		while (true) {
			if (watched.isEmpty()) {
				// Flag first, then look again: a transport added meanwhile either is seen
				// here or sees the flag and wakes the watcher.
				idle = true;
				if (watched.isEmpty()) {
					LockSupport.park();
				}
				idle = false;
			}
			else {
				LockSupport.parkNanos(tickNanos);
			}
			long now = System.nanoTime();
			long shortest = MAX_TICK_NANOS;
			for (SocketTransport transport : watched) {
				if (transport.expireStalledWrite(now)) {
					shortest = Math.min(shortest, tickFor(transport.writeTimeoutNanos()));
				}
				else {
					watched.remove(transport);
				}
			}
			// From the live transports only, so that a short timeout once seen does not
			// quicken the watcher for ever; one registered during the pass is counted at
			// the next.
			tickNanos = shortest;
		}
	}

}
