package io.github.socketserver.context;

import org.springframework.context.SmartLifecycle;

/**
 * Binds the socket servers once the context has refreshed and closes them when it stops,
 * in the phase where Boot starts and stops web servers.
 * <p>
 * A server that cannot bind fails the refresh with a {@link SocketServerStartException}.
 * On stop, {@link SocketServersGracefulShutdownLifecycle} has already drained the servers
 * in an earlier phase; this closes them and cuts what is still running. Started again, as
 * on a context restart, each server binds a fresh socket and publishes its port anew.
 *
 * @since 0.1.0
 */
public class SocketServersLifecycle implements SmartLifecycle {

	/**
	 * The phase of this lifecycle: as Boot's web server start and stop.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	private final SocketServers servers;

	private volatile boolean running;

	/**
	 * Creates the lifecycle.
	 * @param servers the servers, which announce each start and stop
	 */
	public SocketServersLifecycle(SocketServers servers) {
		this.servers = servers;
	}

	@Override
	public void start() {
		for (ManagedSocketServer server : this.servers.all()) {
			if (server.isAutoStartup()) {
				this.servers.start(server);
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		for (ManagedSocketServer server : this.servers.all()) {
			this.servers.stop(server);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
