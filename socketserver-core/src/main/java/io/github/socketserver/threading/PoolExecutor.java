package io.github.socketserver.threading;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pool with a bounded queue that refuses, rather than blocks, when both are
 * full, so that a flood of requests cannot stall the serving thread.
 * <p>
 * Room is counted by a {@link RequestRoom} of {@code maxThreads + queueCapacity} places
 * rather than by the pool's own queue, as a place is given back when the request ends for
 * its client: the thread is not yet waiting for the next request then, and a
 * {@code SynchronousQueue} or a full queue would refuse a client that comes back at once
 * although a thread is about to be free. The queue can hold the requests of every place,
 * so it never refuses.
 */
final class PoolExecutor implements RequestExecutor {

	private final ThreadPoolExecutor pool;

	private final RequestRoom room;

	private final int maxThreads;

	private final int queueCapacity;

	PoolExecutor(int maxThreads, int queueCapacity, ThreadFactory threads) {
		this.maxThreads = maxThreads;
		this.queueCapacity = queueCapacity;
		this.room = new RequestRoom(maxThreads + queueCapacity);
		this.pool = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(maxThreads + queueCapacity), threads, new ThreadPoolExecutor.AbortPolicy());
		this.pool.allowCoreThreadTimeOut(true);
	}

	@Override
	public void execute(Runnable request) {
		if (!this.room.tryTake()) {
			throw new RejectedExecutionException("All " + this.maxThreads + " threads are busy and "
					+ this.queueCapacity + " requests wait: the request is refused");
		}
		try {
			this.pool.execute(this.room.holding(request));
		}
		catch (RuntimeException | Error ex) {
			this.room.giveBack();
			throw ex;
		}
	}

	@Override
	public void requestEnding() {
		this.room.requestEnding();
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
