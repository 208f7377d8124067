package io.github.socketserver.threading;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Platform threads named {@code socketserver-<server>-<n>}.
 */
final class NamedThreadFactory implements ThreadFactory {

	private final String prefix;

	private final boolean daemon;

	private final AtomicLong count = new AtomicLong();

	NamedThreadFactory(String prefix, boolean daemon) {
		this.prefix = prefix;
		this.daemon = daemon;
	}

	@Override
	public Thread newThread(Runnable task) {
		Thread thread = new Thread(task, this.prefix + this.count.incrementAndGet());
		thread.setDaemon(this.daemon);
		return thread;
	}

}
