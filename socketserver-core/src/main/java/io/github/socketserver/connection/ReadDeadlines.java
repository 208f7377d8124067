package io.github.socketserver.connection;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Read timeouts for channels that have no {@code SO_TIMEOUT} (Unix domain sockets): a
 * read that outlives its deadline has its channel closed by one shared timer thread. A
 * deadline exists only while a read waits, as one small task in the timer's queue.
 */
final class ReadDeadlines {

	private static final ScheduledThreadPoolExecutor timer = createTimer();

	private ReadDeadlines() {
	}

	/**
	 * Reads, waiting at most {@code timeoutNanos}.
	 * @param timeoutNanos the longest wait, 0 for no bound
	 * @throws SocketTimeoutException if the time ran out; the channel is then closed
	 */
	static int read(SocketChannel channel, ByteBuffer target, long timeoutNanos) throws IOException {
		if (timeoutNanos <= 0) {
			return channel.read(target);
		}
		Expiry expiry = new Expiry(channel);
		ScheduledFuture<?> deadline = timer.schedule(expiry, timeoutNanos, TimeUnit.NANOSECONDS);
		int count;
		try {
			count = channel.read(target);
		}
		catch (IOException ex) {
			if (expired(deadline, expiry) && ex instanceof ClosedChannelException) {
				throw timedOut(timeoutNanos);
			}
			throw ex;
		}
		if (expired(deadline, expiry)) {
			// The deadline closed the channel as the bytes came: the connection is gone.
			throw timedOut(timeoutNanos);
		}
		return count;
	}

	/**
	 * Cancels the deadline, or waits for it to finish if it has begun, so that a deadline
	 * never closes the channel after its read returned without saying so.
	 */
	private static boolean expired(ScheduledFuture<?> deadline, Expiry expiry) {
		if (!deadline.cancel(false)) {
			try {
				deadline.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | CancellationException ex) {
				// Closing failed: the channel is treated as closed anyway.
			}
		}
		return expiry.expired;
	}

	private static SocketTimeoutException timedOut(long timeoutNanos) {
		return new SocketTimeoutException("Read timed out after " + (timeoutNanos / 1_000_000) + " ms");
	}

	private static ScheduledThreadPoolExecutor createTimer() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "socketserver-read-deadlines");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

	/**
	 * Closes the channel of a read that waited too long, and says so.
	 */
	private static final class Expiry implements Runnable {

		private final SocketChannel channel;

		private volatile boolean expired;

		Expiry(SocketChannel channel) {
			this.channel = channel;
		}

		@Override
		public void run() {
			this.expired = true;
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// The reader sees the channel closed either way.
			}
		}

	}

}
