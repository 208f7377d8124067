package io.github.socketserver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The requests of a server in flight, whatever its threading mode: queued until a thread
 * takes one, then running on that thread. The server waits on them to close gracefully,
 * and cuts those that outlive the grace period through the threads running them.
 * <p>
 * A request leaves the queue once: taken by a thread ({@link #start}) or withdrawn by a
 * refusal ({@link #withdraw}), whichever comes first, so that a request refused as the
 * server closes never starts.
 *
 * @param <R> the type of request
 */
final class InFlightRequests<R> {

	private static final Object QUEUED = new Object();

	/**
	 * The mark of a request no thread runs any more, although it is still in flight: a
	 * connection handed to the message engine.
	 */
	private static final Object ADOPTED = new Object();

	/**
	 * Each request with the thread running it, or {@link #QUEUED}.
	 */
	private final Map<R, Object> requests = new ConcurrentHashMap<>();

	private final Object emptied = new Object();

	/**
	 * Adds a request no thread has taken yet.
	 * @param request the request
	 */
	void queue(R request) {
		this.requests.put(request, QUEUED);
	}

	/**
	 * Marks a queued request as running on the current thread.
	 * @param request the request
	 * @return false if it was withdrawn meanwhile, and must not run
	 */
	boolean start(R request) {
		return this.requests.replace(request, QUEUED, Thread.currentThread());
	}

	/**
	 * Takes back a request no thread has taken.
	 * @param request the request
	 * @return false if a thread took it meanwhile (or it is not in flight)
	 */
	boolean withdraw(R request) {
		return this.requests.remove(request, QUEUED);
	}

	/**
	 * Marks a running request as no longer held by its thread: a close must not interrupt
	 * that thread, which has gone on to other work.
	 */
	void adopt(R request) {
		this.requests.replace(request, Thread.currentThread(), ADOPTED);
	}

	/**
	 * Removes a request that ended, and wakes those waiting for none to be left.
	 * @param request the request
	 */
	void done(R request) {
		this.requests.remove(request);
		if (this.requests.isEmpty()) {
			synchronized (this.emptied) {
				this.emptied.notifyAll();
			}
		}
	}

	int size() {
		return this.requests.size();
	}

	/**
	 * Waits until no request is in flight.
	 * @param timeout how long to wait at most
	 * @return true if none is left, false if the time ran out or the thread was
	 * interrupted
	 */
	boolean awaitNone(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.emptied) {
			while (!this.requests.isEmpty()) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				try {
					this.emptied.wait(Math.max(1, remaining / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	/**
	 * Calls {@code action} with each request still queued.
	 * @param action what to do with it
	 */
	void forEachQueued(Consumer<R> action) {
		this.requests.forEach((request, runner) -> {
			if (runner == QUEUED) {
				action.accept(request);
			}
		});
	}

	/**
	 * Calls {@code action} with each request in flight and the thread running it,
	 * {@code null} for one still queued.
	 * @param action what to do with them
	 */
	void forEach(BiConsumer<R, @Nullable Thread> action) {
		this.requests
			.forEach((request, runner) -> action.accept(request, (runner instanceof Thread thread) ? thread : null));
	}

}
