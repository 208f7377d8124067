package io.github.socketserver.threading;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The room of a bounded threading mode: a request takes a place before it runs and gives
 * it back once, as soon as it ends for its client
 * ({@link RequestExecutor#requestEnding()} on the request's thread), or else when its
 * thread is done with it. Giving it back only when the thread is done would refuse a
 * client that comes back at once while the thread of its last request still does its
 * bookkeeping.
 */
final class RequestRoom {

	private final Semaphore places;

	/**
	 * Gives back the place of the request the current thread runs, once.
	 */
	private final ThreadLocal<Runnable> releaseOfCurrent = new ThreadLocal<>();

	RequestRoom(int places) {
		this(places, false);
	}

	/**
	 * Creates the room.
	 * @param places how many requests it holds
	 * @param fair whether places go to the requests that wait in the order they came,
	 * also before one that asks with {@link #tryTake(long)} and a wait of 0
	 */
	RequestRoom(int places, boolean fair) {
		this.places = new Semaphore(places, fair);
	}

	/**
	 * {@return how many requests wait for a place}
	 */
	int waiting() {
		return this.places.getQueueLength();
	}

	boolean tryTake() {
		return this.places.tryAcquire();
	}

	boolean tryTake(long waitNanos) throws InterruptedException {
		return this.places.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Gives back a place taken for a request that could not be started.
	 */
	void giveBack() {
		this.places.release();
	}

	/**
	 * Wraps a request that took a place, so that its thread gives the place back once.
	 */
	Runnable holding(Runnable request) {
		return () -> {
			AtomicBoolean released = new AtomicBoolean();
			Runnable release = () -> {
				if (released.compareAndSet(false, true)) {
					this.places.release();
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
		};
	}

	/**
	 * Gives back the place of the request the current thread runs, if it has not yet.
	 */
	void requestEnding() {
		Runnable release = this.releaseOfCurrent.get();
		if (release != null) {
			release.run();
		}
	}

}
