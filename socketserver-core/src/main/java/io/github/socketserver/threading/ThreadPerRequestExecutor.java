package io.github.socketserver.threading;

import java.util.concurrent.ThreadFactory;

/**
 * Starts a new thread per request and keeps no reference to it, so finished threads are
 * not retained.
 */
final class ThreadPerRequestExecutor implements RequestExecutor {

	private final ThreadFactory threads;

	ThreadPerRequestExecutor(ThreadFactory threads) {
		this.threads = threads;
	}

	@Override
	public void execute(Runnable request) {
		this.threads.newThread(request).start();
	}

}
