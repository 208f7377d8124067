package io.github.socketserver.threading;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

/**
 * Starts a new thread per request and keeps no reference to it, so finished threads are
 * not retained. With a cap, a {@link RequestRoom} counts the threads running, and a
 * request past it is refused.
 */
final class ThreadPerRequestExecutor implements RequestExecutor {

	private final ThreadFactory threads;

	private final int maxThreads;

	private final @Nullable RequestRoom room;

	/**
	 * Creates the executor.
	 * @param threads makes the threads
	 * @param maxThreads the most threads at once, 0 for no cap
	 */
	ThreadPerRequestExecutor(ThreadFactory threads, int maxThreads) {
		this.threads = threads;
		this.maxThreads = maxThreads;
		this.room = (maxThreads > 0) ? new RequestRoom(maxThreads) : null;
	}

	@Override
	public void execute(Runnable request) {
		RequestRoom room = this.room;
		if (room == null) {
			this.threads.newThread(request).start();
			return;
		}
		if (!room.tryTake()) {
			throw new RejectedExecutionException(
					"All " + this.maxThreads + " request threads are busy: the request is refused");
		}
		try {
			this.threads.newThread(room.holding(request)).start();
		}
		catch (RuntimeException | Error ex) {
			room.giveBack();
			throw ex;
		}
	}

	@Override
	public void requestEnding() {
		RequestRoom room = this.room;
		if (room != null) {
			room.requestEnding();
		}
	}

}
