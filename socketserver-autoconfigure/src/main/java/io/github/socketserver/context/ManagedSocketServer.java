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
 * One server of the application with what the context needs to run it: a state, a start
 * time and running totals. Users read it; {@link SocketServers} starts and stops it, so
 * that every start and stop is announced.
 * <p>
 * A closed core server cannot bind again, so a server started after it stopped or failed
 * gets a fresh {@link BaseServer} from its {@link ServerFactory}; {@link #server()} then
 * returns the new one.
 * <p>
 * Thread-safe: the lifecycle starts it on one thread and drains it on another.
 *
 * @since 0.1.0
 */
public final class ManagedSocketServer {

	private static final Logger logger = LoggerFactory.getLogger(ManagedSocketServer.class);

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

	private volatile SocketServerState state = SocketServerState.CREATED;

	private volatile @Nullable ServerAcceptor acceptor;

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

	/**
	 * {@return the server's name, its key under {@code socketserver.servers}}
	 */
	public String name() {
		return this.server.name();
	}

	/**
	 * {@return the core server now serving, a fresh one after each restart}
	 */
	public BaseServer<?> server() {
		return this.server;
	}

	/**
	 * {@return where the server is in its life}
	 */
	public SocketServerState state() {
		return this.state;
	}

	/**
	 * {@return when the server last started serving, {@code null} if it never did}
	 */
	public @Nullable Instant startedAt() {
		ServerAcceptor acceptor = this.acceptor;
		return (acceptor != null) ? acceptor.startedAt() : null;
	}

	/**
	 * {@return whether the application context starts the server}
	 */
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * {@return how long requests in flight may run once the server stops}
	 */
	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * Where the server listens, or was to listen before it bound.
	 * @return the address as users write it: {@code 127.0.0.1:9000}, or a socket file's
	 * path
	 */
	public String address() {
		ServerAcceptor acceptor = this.acceptor;
		return (acceptor != null) ? acceptor.address() : SocketAddresses.describe(this.server);
	}

	/**
	 * Running totals, fed by the server's listener.
	 * @return the statistics
	 */
	public ServerStatistics statistics() {
		return this.statistics;
	}

	/**
	 * Binds the server and serves on a {@link ServerAcceptor}. Does nothing while the
	 * server runs or drains; after it stopped or failed, starts a fresh core server. This
	 * neither publishes the port nor announces the start: {@link SocketServers} does.
	 * @param servingFailed told, on the acceptor thread, of the core server whose serving
	 * loop failed and of the failure
	 * @return true if the server was bound now, false if it already ran
	 * @throws SocketServerStartException if the server cannot bind
	 */
	synchronized boolean start(BiConsumer<BaseServer<?>, Throwable> servingFailed) {
		if (this.state == SocketServerState.RUNNING || this.state == SocketServerState.DRAINING) {
			return false;
		}
		BaseServer<?> server = this.server;
		try {
			if (this.state != SocketServerState.CREATED) {
				// Stopped or failed: a closed socket cannot bind again, so serve a fresh
				// core server.
				this.acceptor = null;
				server = this.factory.create();
				this.server = server;
			}
			server.bindAndActivate();
		}
		catch (IOException | RuntimeException ex) {
			this.state = SocketServerState.FAILED;
			throw new SocketServerStartException(server, ex);
		}
		this.state = SocketServerState.RUNNING;
		this.acceptor = ServerAcceptor.start(server, this.pollInterval, this::markFailed, servingFailed);
		return true;
	}

	/**
	 * Marks the server failed after the serving loop of a core server failed.
	 * @param failed the core server whose loop failed
	 * @return false if that server was stopped or replaced meanwhile
	 */
	private synchronized boolean markFailed(BaseServer<?> failed) {
		if (failed != this.server || this.state == SocketServerState.STOPPED) {
			return false;
		}
		this.state = SocketServerState.FAILED;
		return true;
	}

	/**
	 * Stops taking requests, without waiting: the first step of a graceful shutdown.
	 */
	synchronized void beginDrain() {
		ServerAcceptor acceptor = this.acceptor;
		if (this.state == SocketServerState.RUNNING && acceptor != null) {
			// Draining is announced once the server has stopped listening: a client that
			// sees it and connects is refused, not taken.
			acceptor.drain();
			this.state = SocketServerState.DRAINING;
		}
	}

	/**
	 * Waits for the requests in flight, if the server drains and blocks on close.
	 * @param deadline when waiting must end, in {@link System#nanoTime()} terms
	 * @return true if no request is left in flight
	 */
	boolean awaitDrained(long deadline) {
		ServerAcceptor acceptor = this.acceptor;
		return acceptor == null || acceptor.awaitDrained(deadline);
	}

	/**
	 * Stops serving and closes the server. After a drain, requests still running are cut;
	 * without one, closing waits for them as the threading mode says. Idempotent. This
	 * does not announce the stop: {@link SocketServers} does.
	 */
	synchronized void stop() {
		if (this.state == SocketServerState.STOPPED) {
			return;
		}
		boolean serving = this.state == SocketServerState.RUNNING || this.state == SocketServerState.DRAINING;
		ServerAcceptor acceptor = this.acceptor;
		if (acceptor == null) {
			// Never bound: no serving loop to wait for.
			this.server.close();
			this.state = SocketServerState.STOPPED;
			return;
		}
		int cut = acceptor.close();
		this.state = SocketServerState.STOPPED;
		acceptor.awaitEnd();
		if (serving && cut > 0) {
			logger.warn("Socket server '{}' stopped; {} request(s) still in flight were cut", name(), cut);
		}
		else if (serving) {
			logger.info("Socket server '{}' stopped", name());
		}
	}

}
