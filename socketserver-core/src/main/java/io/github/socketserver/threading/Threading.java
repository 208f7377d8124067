package io.github.socketserver.threading;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * How a server runs its requests: Python's {@code ThreadingMixIn} and friends as a value.
 * <p>
 * A {@code Threading} is an immutable description, safe to share between servers; each
 * server calls {@link #start(String)} once to get the {@link RequestExecutor} that runs
 * its requests.
 * <ul>
 * <li>{@link #sync()}: one request at a time on the serving thread, as the plain Python
 * servers;
 * <li>{@link #thread()}: a new platform thread per request, as {@code ThreadingMixIn};
 * <li>{@link #virtual()}: a new virtual thread per request (Java 21 or newer);
 * <li>{@link #pool(int, int)}: a bounded pool of platform threads with a bounded queue; a
 * request that finds both full is refused.
 * </ul>
 * {@link #blockOnClose()} and {@link #daemonThreads()} keep their {@code ThreadingMixIn}
 * meaning.
 *
 * @since 0.1.0
 */
public final class Threading {

	/**
	 * The threading modes.
	 */
	public enum Mode {

		/**
		 * One request at a time on the serving thread.
		 */
		SYNC,

		/**
		 * A new platform thread per request.
		 */
		THREAD,

		/**
		 * A new virtual thread per request.
		 */
		VIRTUAL,

		/**
		 * A bounded pool of platform threads with a bounded queue.
		 */
		POOL,

		/**
		 * A child process per request, as {@code ForkingMixIn}: the request is handed to
		 * an operating-system command, and at most {@code maxChildren} run at once.
		 */
		FORK

	}

	/**
	 * The most requests of a server in the fork mode that wait for a child at once.
	 */
	public static final int FORK_MAX_WAITING = 128;

	private final Mode mode;

	private final int maxThreads;

	private final int queueCapacity;

	private final boolean daemonThreads;

	private final boolean blockOnClose;

	private final Duration childWait;

	private Threading(Mode mode, int maxThreads, int queueCapacity, boolean daemonThreads, boolean blockOnClose) {
		this(mode, maxThreads, queueCapacity, daemonThreads, blockOnClose, Duration.ZERO);
	}

	private Threading(Mode mode, int maxThreads, int queueCapacity, boolean daemonThreads, boolean blockOnClose,
			Duration childWait) {
		this.childWait = childWait;
		this.mode = mode;
		this.maxThreads = maxThreads;
		this.queueCapacity = queueCapacity;
		this.daemonThreads = daemonThreads;
		this.blockOnClose = blockOnClose;
	}

	/**
	 * One request at a time, on the thread that serves: the default of Python's servers.
	 * @return the sync mode
	 */
	public static Threading sync() {
		return new Threading(Mode.SYNC, 1, 0, false, true);
	}

	/**
	 * The most threads of {@link #thread()} at once: half of a common container limit of
	 * 1,024 processes, leaving room for the JVM's own threads. Past it a request is
	 * refused; many more connections call for {@link #virtual()} or {@link #pool}.
	 */
	public static final int DEFAULT_MAX_THREADS = 512;

	/**
	 * A new platform thread per request, as {@code ThreadingMixIn}, at most
	 * {@link #DEFAULT_MAX_THREADS} at once.
	 * @return the thread mode, with non-daemon threads and blocking close
	 */
	public static Threading thread() {
		return thread(DEFAULT_MAX_THREADS);
	}

	/**
	 * A new platform thread per request, as {@code ThreadingMixIn}, with a cap the host
	 * can hold: past it a request is refused rather than the host asked for a thread it
	 * cannot create.
	 * @param maxThreads the most request threads at once
	 * @return the thread mode, with non-daemon threads and blocking close
	 */
	public static Threading thread(int maxThreads) {
		if (maxThreads < 1) {
			throw new IllegalArgumentException("maxThreads must be at least 1, was " + maxThreads);
		}
		return new Threading(Mode.THREAD, maxThreads, 0, false, true);
	}

	/**
	 * A new virtual thread per request. Needs Java 21 or newer when a server starts.
	 * @return the virtual mode
	 */
	public static Threading virtual() {
		return new Threading(Mode.VIRTUAL, 0, 0, true, true);
	}

	/**
	 * A bounded pool of platform threads, idle threads ending after a minute.
	 * @param maxThreads the most threads running requests at once
	 * @param queueCapacity how many requests may wait for a thread; 0 for none
	 * @return the pool mode
	 */
	public static Threading pool(int maxThreads, int queueCapacity) {
		if (maxThreads < 1) {
			throw new IllegalArgumentException("maxThreads must be at least 1, was " + maxThreads);
		}
		if (queueCapacity < 0) {
			throw new IllegalArgumentException("queueCapacity must not be negative, was " + queueCapacity);
		}
		return new Threading(Mode.POOL, maxThreads, queueCapacity, false, true);
	}

	/**
	 * A child process per request, as {@code ForkingMixIn}; the server's handler runs the
	 * command (see {@code io.github.socketserver.fork}). When {@code maxChildren}
	 * children run, a request waits for one to end, as Python's serving thread does, but
	 * on a thread of its own, so that the serving thread goes on, and at most
	 * {@code childWait}; then it is refused. At most {@value #FORK_MAX_WAITING} requests
	 * wait at once, as many as a default listen backlog holds; more are refused at once.
	 * @param maxChildren the most children at once (Python's {@code max_children}, 40)
	 * @param childWait how long a request may wait for a child to end
	 * @return the fork mode
	 */
	public static Threading fork(int maxChildren, Duration childWait) {
		if (maxChildren < 1) {
			throw new IllegalArgumentException("maxChildren must be at least 1, was " + maxChildren);
		}
		return new Threading(Mode.FORK, maxChildren, FORK_MAX_WAITING, true, true, childWait);
	}

	/**
	 * Whether this JVM can run virtual threads.
	 * @return true on Java 21 or newer
	 */
	public static boolean isVirtualAvailable() {
		return Runtime.version().feature() >= 21;
	}

	/**
	 * Same mode, with the given daemon setting for the threads it creates. Daemon threads
	 * do not keep the JVM alive; virtual threads always are.
	 * @param daemonThreads whether request threads are daemon threads
	 * @return a copy with the setting
	 */
	public Threading daemonThreads(boolean daemonThreads) {
		return new Threading(this.mode, this.maxThreads, this.queueCapacity, daemonThreads, this.blockOnClose,
				this.childWait);
	}

	/**
	 * Same mode, with the given close behaviour: whether closing the server waits for the
	 * requests in flight.
	 * @param blockOnClose whether close waits for requests in flight
	 * @return a copy with the setting
	 */
	public Threading blockOnClose(boolean blockOnClose) {
		return new Threading(this.mode, this.maxThreads, this.queueCapacity, this.daemonThreads, blockOnClose,
				this.childWait);
	}

	/**
	 * {@return how requests run: on the serving thread, a thread each, a pool or a child
	 * process}
	 */
	public Mode mode() {
		return this.mode;
	}

	/**
	 * {@return whether request threads are daemon threads, which do not keep the JVM
	 * alive}
	 */
	public boolean daemonThreads() {
		return this.daemonThreads;
	}

	/**
	 * {@return whether closing the server waits for the requests in flight}
	 */
	public boolean blockOnClose() {
		return this.blockOnClose;
	}

	/**
	 * The pool's size, for {@link Mode#POOL}, the most request threads, for
	 * {@link Mode#THREAD}, or the most children, for {@link Mode#FORK}.
	 * @return the most threads or children at once, 0 for other modes
	 */
	public int maxThreads() {
		return this.maxThreads;
	}

	/**
	 * How long a request waits for a child to end when {@code maxChildren} run, for
	 * {@link Mode#FORK}.
	 * @return the wait, zero for other modes
	 */
	public Duration childWait() {
		return this.childWait;
	}

	/**
	 * The pool's queue capacity, for {@link Mode#POOL}, or the most requests waiting for
	 * a child, for {@link Mode#FORK}.
	 * @return how many requests may wait for a thread or a child
	 */
	public int queueCapacity() {
		return this.queueCapacity;
	}

	/**
	 * Creates the executor of one server.
	 * @param serverName the server's name, used in thread names
	 * @return a new executor
	 * @throws UnsupportedOperationException for {@link Mode#VIRTUAL} on a JVM older than
	 * 21
	 */
	public RequestExecutor start(String serverName) {
		String prefix = "socketserver-" + serverName + "-";
		return switch (this.mode) {
			case SYNC -> Runnable::run;
			case THREAD ->
				new ThreadPerRequestExecutor(new NamedThreadFactory(prefix, this.daemonThreads), this.maxThreads);
			case VIRTUAL -> new ThreadPerRequestExecutor(virtualThreadFactory(prefix), 0);
			case POOL -> new PoolExecutor(this.maxThreads, this.queueCapacity,
					new NamedThreadFactory(prefix, this.daemonThreads));
			case FORK -> new ChildLimitExecutor(this.maxThreads, this.queueCapacity, this.childWait,
					new NamedThreadFactory(prefix, this.daemonThreads));
		};
	}

	/**
	 * Looks the virtual thread builder up once per server, so that the library still
	 * compiles for and runs on Java 17.
	 */
	private static ThreadFactory virtualThreadFactory(String prefix) {
		if (!isVirtualAvailable()) {
			throw new UnsupportedOperationException("Virtual threads need Java 21 or newer, and this JVM is "
					+ Runtime.version() + ": choose the 'pool' or 'thread' mode, or run on Java 21 or newer");
		}
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
			Method factory = builderType.getMethod("factory");
			return (ThreadFactory) factory.invoke(builder);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create virtual threads on " + Runtime.version(), ex);
		}
	}

	@Override
	public String toString() {
		String name = this.mode.name().toLowerCase(Locale.ROOT);
		return switch (this.mode) {
			case POOL -> name + "(" + this.maxThreads + ", " + this.queueCapacity + ")";
			case FORK -> name + "(" + this.maxThreads + ")";
			default -> name;
		};
	}

}
