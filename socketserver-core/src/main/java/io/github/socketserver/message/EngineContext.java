package io.github.socketserver.message;

import java.nio.charset.Charset;
import java.time.Duration;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.connection.TrafficListener;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.logging.LogThrottle;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.options.StreamOptions;
import io.github.socketserver.threading.RequestExecutor;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every connection of one message engine shares: the handler, the codec, the
 * threading mode's executor and the stream timeouts, in nanoseconds (0 for none).
 */
final class EngineContext {

	private static final Logger logger = LoggerFactory.getLogger(MessageEngine.class);

	/**
	 * The shortest and longest pause between two looks at the timeouts of a loop's
	 * connections.
	 */
	private static final long MIN_TICK_NANOS = 10_000_000L;

	private static final long MAX_TICK_NANOS = 1_000_000_000L;

	final String serverName;

	final MessageHandler handler;

	final FrameCodec codec;

	final Charset charset;

	final RequestExecutor executor;

	/**
	 * Whether frames run on the loop that read them ({@code sync}), rather than as tasks
	 * of the executor.
	 */
	final boolean inline;

	final boolean daemonThreads;

	final TrafficListener traffic;

	final @Nullable Duration idleTimeout;

	final long readTimeoutNanos;

	final long idleTimeoutNanos;

	final long writeTimeoutNanos;

	/**
	 * Threads the host refused for frames or close notices, logged at a bounded rate.
	 */
	private final LogThrottle noThread = new LogThrottle();

	EngineContext(MessageHandler handler, FrameCodec codec, ServerOptions options, RequestExecutor executor) {
		this.serverName = options.name();
		this.handler = handler;
		this.codec = codec;
		this.charset = options.charset();
		this.executor = executor;
		this.inline = options.threading().mode() == Threading.Mode.SYNC;
		this.daemonThreads = options.threading().daemonThreads();
		this.traffic = options.listener();
		StreamOptions stream = options.stream();
		this.idleTimeout = stream.idleTimeout();
		this.readTimeoutNanos = nanos(stream.readTimeout());
		this.idleTimeoutNanos = nanos(stream.idleTimeout());
		this.writeTimeoutNanos = nanos(stream.writeTimeout());
	}

	/**
	 * Logs, at a bounded rate, that the host gave no thread for a connection's work
	 * ("unable to create native thread"): the work is refused as a full pool's is.
	 * @param connection the connection
	 * @param error the host's refusal
	 */
	void noThreadFor(EngineConnection connection, OutOfMemoryError error) {
		long count = this.noThread.tryLog();
		if (count > 0) {
			logger.error("Server '{}' found no thread for the connection from {} ({}; {} such since the last report)",
					this.serverName, LogText.escape(connection.clientAddress()), error, count);
		}
	}

	private static long nanos(@Nullable Duration duration) {
		return (duration != null) ? duration.toNanos() : 0;
	}

	/**
	 * How long a loop waits at most between two looks at its connections' timeouts: a
	 * quarter of the shortest, so that one fires at most a quarter late.
	 * @return the pause, in nanoseconds
	 */
	long tickNanos() {
		long shortest = MAX_TICK_NANOS * 4;
		for (long timeout : new long[] { this.readTimeoutNanos, this.idleTimeoutNanos, this.writeTimeoutNanos }) {
			if (timeout > 0) {
				shortest = Math.min(shortest, timeout);
			}
		}
		return Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, shortest / 4));
	}

}
