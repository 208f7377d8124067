package io.github.socketserver.threading;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A thread per request, at most {@code maxChildren} at once: Python's
 * {@code ForkingMixIn}, whose {@code process_request} waits for a child to end when too
 * many run. The wait is bounded here; past it the request is refused.
 * <p>
 * A slot is given back when the request ends for its client ({@link #requestEnding()}),
 * once its child has been reaped but before the connection closes: a client that comes
 * back at once would otherwise be refused, or wait, while the thread of the last request
 * still does its bookkeeping. If the request never gets there, the slot is given back
 * when its thread ends.
 */
final class ChildLimitExecutor implements RequestExecutor {

	private final Semaphore children;

	private final int maxChildren;

	private final Duration wait;

	private final ThreadFactory threads;

	/**
	 * Gives back the slot of the request the current thread runs, once.
	 */
	private final ThreadLocal<Runnable> releaseOfCurrent = new ThreadLocal<>();

	ChildLimitExecutor(int maxChildren, Duration wait, ThreadFactory threads) {
		this.children = new Semaphore(maxChildren);
		this.maxChildren = maxChildren;
		this.wait = wait;
		this.threads = threads;
	}

	@Override
	public void execute(Runnable request) {
		boolean acquired;
		try {
			acquired = this.children.tryAcquire(this.wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			throw new LimitReachedException("All " + this.maxChildren + " children are busy after waiting "
					+ this.wait.toMillis() + " ms: the request is refused");
		}
		try {
			this.threads.newThread(() -> {
				AtomicBoolean released = new AtomicBoolean();
				Runnable release = () -> {
					if (released.compareAndSet(false, true)) {
						this.children.release();
					}
				};
				this.releaseOfCurrent.set(release);
				try {
					request.run();
				}
				finally {
					this.releaseOfCurrent.remove();
					release.run();
				}
			}).start();
		}
		catch (RuntimeException | Error ex) {
			this.children.release();
			throw ex;
		}
	}

	@Override
	public void requestEnding() {
		Runnable release = this.releaseOfCurrent.get();
		if (release != null) {
			release.run();
		}
	}

}
