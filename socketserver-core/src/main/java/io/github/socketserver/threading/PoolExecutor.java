package io.github.socketserver.threading;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bounded pool with a bounded queue that refuses, rather than blocks, when both are
 * full, so that a flood of requests cannot stall the serving thread.
 * <p>
 * Room is counted by a semaphore of {@code maxThreads + queueCapacity} permits rather
 * than by the pool's own queue, and a permit is given back when the request ends for its
 * client ({@link #requestEnding()}): the thread is not yet waiting for the next request
 * then, and a {@code SynchronousQueue} or a full queue would refuse a client that comes
 * back at once although a thread is about to be free. The queue can hold the requests of
 * every permit, so it never refuses.
 */
final class PoolExecutor implements RequestExecutor {

	private final ThreadPoolExecutor pool;

	private final Semaphore room;

	private final int maxThreads;

	private final int queueCapacity;

	/**
	 * Gives back the permit of the request the current thread runs, once.
	 */
	private final ThreadLocal<Runnable> releaseOfCurrent = new ThreadLocal<>();

	PoolExecutor(int maxThreads, int queueCapacity, ThreadFactory threads) {
		this.maxThreads = maxThreads;
		this.queueCapacity = queueCapacity;
		this.room = new Semaphore(maxThreads + queueCapacity);
		this.pool = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(maxThreads + queueCapacity), threads, new ThreadPoolExecutor.AbortPolicy());
		this.pool.allowCoreThreadTimeOut(true);
	}

	@Override
	public void execute(Runnable request) {
		if (!this.room.tryAcquire()) {
			throw new RejectedExecutionException("All " + this.maxThreads + " threads are busy and "
					+ this.queueCapacity + " requests wait: the request is refused");
		}
		try {
			this.pool.execute(() -> {
				AtomicBoolean released = new AtomicBoolean();
				Runnable release = () -> {
					if (released.compareAndSet(false, true)) {
						this.room.release();
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
			});
		}
		catch (RuntimeException | Error ex) {
			this.room.release();
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
