package io.github.socketserver.context;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The socket servers of the application, by name, in the order they were configured.
 * <p>
 * Inject it to reach a server at run time (its address, its requests in flight), or to
 * {@link #start(String) start} one configured with {@code auto-startup: false} and
 * {@link #stop(String) stop} one. Every start and stop goes through here, so that each is
 * announced: {@link SocketServerStartedEvent}, {@link SocketServerStoppedEvent},
 * {@link SocketServerFailedEvent}, and {@code local.socketserver.<name>.port} (or
 * {@code .path}). Servers are bound by {@link SocketServersLifecycle}; whatever is left
 * open is closed when the context is destroyed.
 *
 * @since 0.1.0
 */
public class SocketServers implements DisposableBean {

	private final Map<String, ManagedSocketServer> servers = new LinkedHashMap<>();

	private final ApplicationEventPublisher events;

	private final @Nullable SocketServerEnvironment environment;

	/**
	 * Servers outside an application context: they start and stop, announcing nothing.
	 * @param servers the servers
	 */
	public SocketServers(Collection<ManagedSocketServer> servers) {
		this(servers, (event) -> {
		}, null);
	}

	/**
	 * Servers that announce their start and stop.
	 * @param servers the servers
	 * @param events where to publish their events
	 * @param environment where to publish their ports and paths, {@code null} for nowhere
	 */
	public SocketServers(Collection<ManagedSocketServer> servers, ApplicationEventPublisher events,
			@Nullable SocketServerEnvironment environment) {
		servers.forEach((server) -> this.servers.put(server.name(), server));
		this.events = events;
		this.environment = environment;
	}

	/**
	 * All servers, in configuration order.
	 * @return the servers
	 */
	public Collection<ManagedSocketServer> all() {
		return Collections.unmodifiableCollection(this.servers.values());
	}

	/**
	 * One server.
	 * @param name the server's name
	 * @return the server, or {@code null} if none has that name
	 */
	public @Nullable ManagedSocketServer get(String name) {
		return this.servers.get(name);
	}

	/**
	 * Starts one server as the context starts the others: binds it, publishes its port
	 * (or path) and a {@link SocketServerStartedEvent}, and a
	 * {@link SocketServerFailedEvent} if it cannot bind or its serving loop later fails.
	 * For a server configured with {@code auto-startup: false}, or one stopped. Does
	 * nothing if the server already runs.
	 * @param name the server's name
	 * @return the server
	 * @throws IllegalArgumentException if no server has that name
	 * @throws SocketServerStartException if the server cannot bind
	 */
	public ManagedSocketServer start(String name) {
		ManagedSocketServer server = named(name);
		start(server);
		return server;
	}

	/**
	 * Stops one server gracefully, as the context stops them all: it stops taking
	 * requests, those in flight get up to its shutdown timeout to finish, and those still
	 * running are then cut. Publishes a {@link SocketServerStoppedEvent} if it was
	 * serving or had failed. Returns once the server is closed; does nothing if it is
	 * stopped already. The server can be started again.
	 * @param name the server's name
	 * @return the server
	 * @throws IllegalArgumentException if no server has that name
	 */
	public ManagedSocketServer stop(String name) {
		ManagedSocketServer server = named(name);
		server.beginDrain();
		server.awaitDrained(System.nanoTime() + server.shutdownTimeout().toNanos());
		stop(server);
		return server;
	}

	/**
	 * Starts a server and announces where it listens, and that it started or failed.
	 */
	void start(ManagedSocketServer server) {
		boolean started;
		try {
			started = server
				.start((core, failure) -> this.events.publishEvent(new SocketServerFailedEvent(core, failure)));
		}
		catch (SocketServerStartException ex) {
			this.events.publishEvent(new SocketServerFailedEvent(server.server(), ex));
			throw ex;
		}
		if (started) {
			if (this.environment != null) {
				this.environment.publish(server.name(), server.server().serverAddress());
			}
			this.events.publishEvent(new SocketServerStartedEvent(server.server()));
		}
	}

	/**
	 * Closes a server, drained or not, and announces it if it had bound.
	 */
	void stop(ManagedSocketServer server) {
		SocketServerState before = server.state();
		server.stop();
		if (before != SocketServerState.STOPPED && before != SocketServerState.CREATED) {
			this.events.publishEvent(new SocketServerStoppedEvent(server.server()));
		}
	}

	private ManagedSocketServer named(String name) {
		ManagedSocketServer server = this.servers.get(name);
		if (server == null) {
			throw new IllegalArgumentException(
					"No socket server is named '" + name + "'. Configured servers: " + this.servers.keySet());
		}
		return server;
	}

	@Override
	public void destroy() {
		this.servers.values().forEach(ManagedSocketServer::stop);
	}

}
