package io.github.socketserver.handler;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * Read timeouts for channels that have no {@code SO_TIMEOUT} (Unix domain sockets): a
 * read that outlives its deadline has its channel closed by one shared timer thread.
 */
final class ReadDeadlines {

	private static final ScheduledThreadPoolExecutor timer = createTimer();

	private ReadDeadlines() {
	}

	static int read(SocketChannel channel, ByteBuffer target, @Nullable Duration timeout) throws IOException {
		if (timeout == null) {
			return channel.read(target);
		}
		AtomicBoolean expired = new AtomicBoolean();
		ScheduledFuture<?> deadline = timer.schedule(() -> expire(channel, expired), timeout.toNanos(),
				TimeUnit.NANOSECONDS);
		try {
			return channel.read(target);
		}
		catch (AsynchronousCloseException ex) {
			if (expired.get()) {
				throw new SocketTimeoutException("Read timed out after " + timeout.toMillis() + " ms");
			}
			throw ex;
		}
		finally {
			deadline.cancel(false);
		}
	}

	private static void expire(SocketChannel channel, AtomicBoolean expired) {
		expired.set(true);
		try {
			channel.close();
		}
		catch (IOException ex) {
			// The reader sees the channel closed either way.
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

}
