package io.github.socketserver.context;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;

import io.github.socketserver.BaseServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server of the application with what the context needs to run it: a serving thread,
 * a state and a start time.
 * <p>
 * A closed core server cannot bind again, so a server started after it stopped or failed
 * gets a fresh {@link BaseServer} from its {@link ServerFactory}; {@link #server()} then
 * returns the new one.
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

	/**
	 * Creates the core server, not yet bound: once with the managed server, and again on
	 * each restart.
	 */
	@FunctionalInterface
	public interface ServerFactory {

		/**
		 * Creates a server, not yet bound.
		 * @return the server
		 * @throws IOException if its socket cannot be opened
		 */
		BaseServer<?> create() throws IOException;

	}

	private final ServerFactory factory;

	private volatile BaseServer<?> server;

	private final Duration pollInterval;

	private final boolean autoStartup;

	private final Duration shutdownTimeout;

	private final ServerStatistics statistics;

	private volatile State state = State.CREATED;

	private volatile @Nullable Instant startedAt;

	private volatile boolean drained;

	private volatile @Nullable String boundAddress;

	/**
	 * Creates the managed server and its first core server.
	 * @param factory creates the core server, now and on each restart
	 * @param pollInterval how often the serving loop checks for a shutdown
	 * @param autoStartup whether the context starts it
	 * @param shutdownTimeout how long requests in flight may run once it stops
	 * @param statistics its running totals, kept across restarts
	 * @throws IOException if the first core server cannot open its socket
	 */
	public ManagedSocketServer(ServerFactory factory, Duration pollInterval, boolean autoStartup,
			Duration shutdownTimeout, ServerStatistics statistics) throws IOException {
		this.factory = factory;
		this.server = factory.create();
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
		BaseServer<?> server = this.server;
		try {
			return SocketServerStartException.describe(server.serverAddress());
		}
		catch (IllegalStateException ex) {
			return SocketServerStartException.describe(server.requestedAddress());
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
	 * whose only work is its socket servers keeps running. Does nothing while the server
	 * runs or drains; after it stopped or failed, starts a fresh core server.
	 * <p>
	 * This neither publishes the port nor announces the start: call
	 * {@link SocketServers#start(String)} for that.
	 * @throws SocketServerStartException if the server cannot bind
	 */
	public void start() {
		start((server, failure) -> {
		});
	}

	/**
	 * Starts the server as {@link #start()} does.
	 * @param servingFailed told, on the serving thread, of the core server whose serving
	 * loop failed and of the failure
	 * @return true if the server was bound now, false if it already ran
	 */
	synchronized boolean start(BiConsumer<BaseServer<?>, Throwable> servingFailed) {
		if (this.state == State.RUNNING || this.state == State.DRAINING) {
			return false;
		}
		if (this.state != State.CREATED) {
			renew();
		}
		BaseServer<?> server = this.server;
		try {
			server.bindAndActivate();
		}
		catch (IOException | RuntimeException ex) {
			this.state = State.FAILED;
			throw new SocketServerStartException(server, ex);
		}
		this.boundAddress = describe(server);
		this.startedAt = Instant.now();
		this.state = State.RUNNING;
		Thread acceptor = new Thread(() -> serve(server, servingFailed), "socketserver-" + name() + "-acceptor");
		acceptor.start();
		logger.info("Socket server '{}' ({} {}, {}) listening on {}", name(), lower(server.addressFamily()),
				lower(server.socketType()), server.threading(), this.boundAddress);
		return true;
	}

	/**
	 * Replaces the closed core server with a fresh one, as a closed socket cannot bind
	 * again.
	 */
	private void renew() {
		try {
			this.server = this.factory.create();
		}
		catch (IOException | RuntimeException ex) {
			this.state = State.FAILED;
			throw new SocketServerStartException(this.server, ex);
		}
		this.boundAddress = null;
		this.startedAt = null;
		this.drained = false;
		this.state = State.CREATED;
	}

	private void serve(BaseServer<?> server, BiConsumer<BaseServer<?>, Throwable> servingFailed) {
		try {
			server.serveForever(this.pollInterval);
		}
		catch (Throwable ex) {
			servingFailed(server, ex, servingFailed);
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
		}
	}

	/**
	 * Marks the server failed and closes it, so that clients are refused rather than left
	 * in the backlog of a socket nobody accepts on.
	 */
	private void servingFailed(BaseServer<?> server, Throwable failure,
			BiConsumer<BaseServer<?>, Throwable> servingFailed) {
		synchronized (this) {
			if (server != this.server || this.state == State.STOPPED) {
				// Stopped meanwhile: the server is closed already.
				logger.error("Socket server '{}' failed while it stopped", name(), failure);
				return;
			}
			this.state = State.FAILED;
		}
		logger.error("Socket server '{}' stopped serving and closes: its serving loop failed", name(), failure);
		server.close();
		try {
			servingFailed.accept(server, failure);
		}
		catch (RuntimeException ex) {
			logger.error("Socket server '{}' could not announce its failure", name(), ex);
		}
	}

	/**
	 * Stops taking requests, without waiting: the first step of a graceful shutdown.
	 */
	void beginDrain() {
		if (this.state != State.RUNNING) {
			return;
		}
		BaseServer<?> server = this.server;
		this.state = State.DRAINING;
		this.drained = true;
		server.shutdown(Duration.ZERO);
		server.stopListening();
	}

	/**
	 * Waits for the requests in flight, if the server blocks on close.
	 * @param deadline when waiting must end, in {@link System#nanoTime()} terms
	 * @return true if no request is left in flight
	 */
	boolean awaitDrained(long deadline) {
		BaseServer<?> server = this.server;
		if (!this.drained || !server.threading().blockOnClose()) {
			return true;
		}
		return server.awaitRequests(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
	}

	/**
	 * Stops serving and closes the server. After a drain, requests still running are cut;
	 * without one, closing waits for them as the threading mode says. Idempotent.
	 */
	public synchronized void stop() {
		if (this.state == State.STOPPED) {
			return;
		}
		BaseServer<?> server = this.server;
		boolean wasServing = this.state == State.RUNNING || this.state == State.DRAINING;
		int left = server.activeRequests();
		if (this.drained && server.threading().blockOnClose()) {
			server.close(Duration.ZERO);
		}
		else {
			server.close();
		}
		this.state = State.STOPPED;
		// The serving loop releases the listening socket when it ends: wait for it,
		// so that the port or path is free once this returns. A sync request still
		// running on the loop's thread is not waited for beyond the poll interval.
		if (!server.shutdown(this.pollInterval)) {
			logger.debug("Socket server '{}' closed before its serving loop ended", name());
		}
		if (wasServing) {
			if (left > 0 && this.drained && server.threading().blockOnClose()) {
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
