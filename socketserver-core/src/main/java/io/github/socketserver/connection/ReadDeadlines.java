package io.github.socketserver.connection;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
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
		try {
			return channel.read(target);
		}
		catch (AsynchronousCloseException ex) {
			if (expiry.expired) {
				throw new SocketTimeoutException("Read timed out after " + (timeoutNanos / 1_000_000) + " ms");
			}
			throw ex;
		}
		finally {
			deadline.cancel(false);
		}
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
