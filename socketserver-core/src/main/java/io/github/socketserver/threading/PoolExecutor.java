package io.github.socketserver.threading;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pool with a bounded queue that refuses, rather than blocks, when both are
 * full, so that a flood of requests cannot stall the serving thread.
 */
final class PoolExecutor implements RequestExecutor {

	private final ThreadPoolExecutor pool;

	PoolExecutor(int maxThreads, int queueCapacity, ThreadFactory threads) {
		BlockingQueue<Runnable> queue = (queueCapacity > 0) ? new ArrayBlockingQueue<>(queueCapacity)
				: new SynchronousQueue<>();
		this.pool = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS, queue, threads,
				new ThreadPoolExecutor.AbortPolicy());
		this.pool.allowCoreThreadTimeOut(true);
	}

	@Override
	public void execute(Runnable request) {
		this.pool.execute(request);
	}

	@Override
	public List<Runnable> close() {
		List<Runnable> waiting = List.copyOf(this.pool.getQueue());
		this.pool.getQueue().clear();
		this.pool.shutdown();
		return waiting;
	}

	@Override
	public ThreadPoolExecutor executorService() {
		return this.pool;
	}

}
