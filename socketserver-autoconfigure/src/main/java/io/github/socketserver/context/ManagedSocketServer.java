package io.github.socketserver.context;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import io.github.socketserver.BaseServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server of the application with what the context needs to run it: a serving thread,
 * a state and a start time.
 * <p>
 * Thread-safe: the lifecycle starts it on one thread and drains it on another.
 */
public final class ManagedSocketServer {

	private static final Logger logger = LoggerFactory.getLogger(ManagedSocketServer.class);

	/**
	 * Where a server is in its life.
	 */
	public enum State {

		/**
		 * Created, not yet bound.
		 */
		CREATED,

		/**
		 * Bound and serving.
		 */
		RUNNING,

		/**
		 * No longer taking requests; requests in flight finish.
		 */
		DRAINING,

		/**
		 * Closed.
		 */
		STOPPED,

		/**
		 * Could not bind, or its serving loop failed.
		 */
		FAILED

	}

	private final BaseServer<?> server;

	private final Duration pollInterval;

	private final boolean autoStartup;

	private final Duration shutdownTimeout;

	private final ServerStatistics statistics;

	private volatile State state = State.CREATED;

	private volatile @Nullable Instant startedAt;

	private volatile boolean drained;

	private volatile @Nullable String boundAddress;

	public ManagedSocketServer(BaseServer<?> server, Duration pollInterval, boolean autoStartup,
			Duration shutdownTimeout, ServerStatistics statistics) {
		this.server = server;
		this.statistics = statistics;
		this.pollInterval = pollInterval;
		this.autoStartup = autoStartup;
		this.shutdownTimeout = shutdownTimeout;
	}

	public String name() {
		return this.server.name();
	}

	public BaseServer<?> server() {
		return this.server;
	}

	public State state() {
		return this.state;
	}

	public @Nullable Instant startedAt() {
		return this.startedAt;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * Where the server listens, or was to listen before it bound.
	 * @return the address as users write it: {@code 127.0.0.1:9000}, or a socket file's
	 * path
	 */
	public String address() {
		String bound = this.boundAddress;
		if (bound != null) {
			// The listening socket closes as the drain begins; the address stays known.
			return bound;
		}
		try {
			return SocketServerStartException.describe(this.server.serverAddress());
		}
		catch (IllegalStateException ex) {
			return SocketServerStartException.describe(this.server.requestedAddress());
		}
	}

	/**
	 * Running totals, fed by the server's listener.
	 * @return the statistics
	 */
	public ServerStatistics statistics() {
		return this.statistics;
	}

	/**
	 * Binds the server and serves on a thread of its own, named
	 * {@code socketserver-<name>-acceptor}. The thread is not a daemon, so a service
	 * whose only work is its socket servers keeps running.
	 * @throws SocketServerStartException if the server cannot bind
	 */
	public synchronized void start() {
		if (this.state != State.CREATED) {
			return;
		}
		try {
			this.server.bindAndActivate();
		}
		catch (IOException | RuntimeException ex) {
			this.state = State.FAILED;
			throw new SocketServerStartException(this.server, ex);
		}
		this.boundAddress = describe(this.server);
		this.startedAt = Instant.now();
		this.state = State.RUNNING;
		Thread acceptor = new Thread(this::serve, "socketserver-" + name() + "-acceptor");
		acceptor.start();
		logger.info("Socket server '{}' ({} {}, {}) listening on {}", name(), lower(this.server.addressFamily()),
				lower(this.server.socketType()), this.server.threading(), this.boundAddress);
	}

	private void serve() {
		try {
			this.server.serveForever(this.pollInterval);
		}
		catch (IOException | RuntimeException ex) {
			this.state = State.FAILED;
			logger.error("Socket server '{}' stopped serving", name(), ex);
		}
	}

	/**
	 * Stops taking requests, without waiting: the first step of a graceful shutdown.
	 */
	void beginDrain() {
		if (this.state != State.RUNNING) {
			return;
		}
		this.state = State.DRAINING;
		this.drained = true;
		this.server.shutdown(Duration.ZERO);
		this.server.stopListening();
	}

	/**
	 * Waits for the requests in flight, if the server blocks on close.
	 * @param deadline when waiting must end, in {@link System#nanoTime()} terms
	 * @return true if no request is left in flight
	 */
	boolean awaitDrained(long deadline) {
		if (!this.drained || !this.server.threading().blockOnClose()) {
			return true;
		}
		return this.server.awaitRequests(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
	}

	/**
	 * Stops serving and closes the server. After a drain, requests still running are cut;
	 * without one, closing waits for them as the threading mode says. Idempotent.
	 */
	public synchronized void stop() {
		if (this.state == State.STOPPED) {
			return;
		}
		boolean wasServing = this.state == State.RUNNING || this.state == State.DRAINING;
		int left = this.server.activeRequests();
		if (this.drained && this.server.threading().blockOnClose()) {
			this.server.close(Duration.ZERO);
		}
		else {
			this.server.close();
		}
		this.state = State.STOPPED;
		// The serving loop releases the listening socket when it ends: wait for it,
		// so that the port or path is free once this returns. A sync request still
		// running on the loop's thread is not waited for beyond the poll interval.
		if (!this.server.shutdown(this.pollInterval)) {
			logger.debug("Socket server '{}' closed before its serving loop ended", name());
		}
		if (wasServing) {
			if (left > 0 && this.drained && this.server.threading().blockOnClose()) {
				logger.warn("Socket server '{}' stopped; {} request(s) still in flight were cut", name(), left);
			}
			else {
				logger.info("Socket server '{}' stopped", name());
			}
		}
	}

	static String describe(BaseServer<?> server) {
		return SocketServerStartException.describe(server.serverAddress());
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(java.util.Locale.ROOT);
	}

}
