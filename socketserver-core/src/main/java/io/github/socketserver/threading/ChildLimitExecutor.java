package io.github.socketserver.threading;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A thread per request, at most {@code maxChildren} at once: Python's
 * {@code ForkingMixIn}, whose {@code process_request} waits for a child to end when too
 * many run. The wait is bounded here; past it the request is refused.
 */
final class ChildLimitExecutor implements RequestExecutor {

	private final Semaphore children;

	private final int maxChildren;

	private final Duration wait;

	private final ThreadFactory threads;

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
				try {
					request.run();
				}
				finally {
					this.children.release();
				}
			}).start();
		}
		catch (RuntimeException | Error ex) {
			this.children.release();
			throw ex;
		}
	}

}
