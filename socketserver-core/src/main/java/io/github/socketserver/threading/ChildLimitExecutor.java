package io.github.socketserver.threading;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * A thread per request, at most {@code maxChildren} at once: Python's
 * {@code ForkingMixIn}, whose {@code process_request} waits for a child to end when too
 * many run. The wait is bounded here; past it the request is refused.
 * <p>
 * Given a late refusal ({@link #execute(Runnable, Consumer)}, as the server does), a
 * request that finds every child busy waits on a thread of its own, not on the serving
 * thread, so that the accept loop goes on meanwhile; at most {@code maxWaiting} requests
 * wait at once, and one more is refused at once. A child that ends goes to the request
 * that has waited longest, as the listen backlog would give it. Closing ends the waits,
 * refusing them.
 * <p>
 * A slot is given back when the request ends for its client ({@link #requestEnding()}),
 * once its child has been reaped but before the connection closes: a client that comes
 * back at once would otherwise be refused, or wait, while the thread of the last request
 * still does its bookkeeping. If the request never gets there, the slot is given back
 * when its thread ends.
 */
final class ChildLimitExecutor implements RequestExecutor {

	private final RequestRoom children;

	private final Semaphore waitingPlaces;

	private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();

	private final int maxChildren;

	private final Duration wait;

	private final ThreadFactory threads;

	private volatile boolean closed;

	ChildLimitExecutor(int maxChildren, int maxWaiting, Duration wait, ThreadFactory threads) {
		this.children = new RequestRoom(maxChildren, true);
		this.waitingPlaces = new Semaphore(maxWaiting);
		this.maxChildren = maxChildren;
		this.wait = wait;
		this.threads = threads;
	}

	/**
	 * Runs a request on a thread of its own, waiting on the calling thread for a child to
	 * end if all are busy.
	 */
	@Override
	public void execute(Runnable request) {
		boolean acquired;
		try {
			acquired = this.children.tryTake(this.wait.toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			throw busy();
		}
		start(this.children.holding(request));
	}

	@Override
	public void execute(Runnable request, Consumer<RejectedExecutionException> lateRefusal) {
		if (takeChildBehindThoseWaiting()) {
			start(this.children.holding(request));
			return;
		}
		if (this.closed || this.wait.isZero() || !this.waitingPlaces.tryAcquire()) {
			throw new LimitReachedException("All " + this.maxChildren + " children are busy and "
					+ (this.wait.isZero() ? "no wait is set" : "too many requests wait for one")
					+ ": the request is refused");
		}
		try {
			this.threads.newThread(() -> waitThenRun(request, lateRefusal)).start();
		}
		catch (RuntimeException | Error ex) {
			this.waitingPlaces.release();
			throw ex;
		}
	}

	/**
	 * Waits on the request's own thread for a child to end, then runs the request there,
	 * or refuses it.
	 */
	private void waitThenRun(Runnable request, Consumer<RejectedExecutionException> lateRefusal) {
		boolean acquired = false;
		this.waiting.add(Thread.currentThread());
		try {
			acquired = !this.closed && this.children.tryTake(this.wait.toNanos());
		}
		catch (InterruptedException ex) {
			// Closing: refused below.
		}
		finally {
			this.waiting.remove(Thread.currentThread());
			this.waitingPlaces.release();
		}
		if (acquired) {
			this.children.holding(request).run();
		}
		else {
			lateRefusal.accept(busy());
		}
	}

	/**
	 * Takes a child slot at once if one is free and no request waits for one: a slot that
	 * frees goes to the request that has waited longest.
	 */
	private boolean takeChildBehindThoseWaiting() {
		try {
			return this.children.tryTake(0);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * {@return how many requests wait for a child}
	 */
	int waiting() {
		return this.children.waiting();
	}

	private LimitReachedException busy() {
		return new LimitReachedException("All " + this.maxChildren + " children are busy after waiting "
				+ this.wait.toMillis() + " ms: the request is refused");
	}

	private void start(Runnable holding) {
		try {
			this.threads.newThread(holding).start();
		}
		catch (RuntimeException | Error ex) {
			this.children.giveBack();
			throw ex;
		}
	}

	@Override
	public void requestEnding() {
		this.children.requestEnding();
	}

	/**
	 * Ends the waits for a child: the requests waiting are refused.
	 */
	@Override
	public List<Runnable> close() {
		this.closed = true;
		this.waiting.forEach(Thread::interrupt);
		return List.of();
	}

}
