package io.github.socketserver.threading;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

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

	private final RequestRoom children;

	private final int maxChildren;

	private final Duration wait;

	private final ThreadFactory threads;

	ChildLimitExecutor(int maxChildren, Duration wait, ThreadFactory threads) {
		this.children = new RequestRoom(maxChildren);
		this.maxChildren = maxChildren;
		this.wait = wait;
		this.threads = threads;
	}

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
			throw new LimitReachedException("All " + this.maxChildren + " children are busy after waiting "
					+ this.wait.toMillis() + " ms: the request is refused");
		}
		try {
			this.threads.newThread(this.children.holding(request)).start();
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

}
