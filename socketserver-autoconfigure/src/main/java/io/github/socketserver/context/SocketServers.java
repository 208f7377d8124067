package io.github.socketserver.context;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;

/**
 * The socket servers of the application, by name, in the order they were configured.
 * <p>
 * Inject it to reach a server at run time (its address, its requests in flight), or to
 * {@link #start(String) start} one configured with {@code auto-startup: false}. Servers
 * are created when the context starts and bound by {@link SocketServersLifecycle};
 * whatever is left open is closed when the context is destroyed.
 */
public class SocketServers implements ApplicationContextAware, DisposableBean {

	private final Map<String, ManagedSocketServer> servers = new LinkedHashMap<>();

	private volatile @Nullable ApplicationContext context;

	public SocketServers(Collection<ManagedSocketServer> servers) {
		servers.forEach((server) -> this.servers.put(server.name(), server));
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
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
	 * Starts one server as the context starts the others: binds it, publishes
	 * {@code local.socketserver.<name>.port} (or {@code .path}) and a
	 * {@link SocketServerStartedEvent}, and a {@link SocketServerFailedEvent} if it
	 * cannot bind or its serving loop later fails. For a server configured with
	 * {@code auto-startup: false}. Does nothing if the server already runs. Outside an
	 * application context, only binds it.
	 * @param name the server's name
	 * @return the server
	 * @throws IllegalArgumentException if no server has that name
	 * @throws SocketServerStartException if the server cannot bind
	 */
	public ManagedSocketServer start(String name) {
		ManagedSocketServer server = this.servers.get(name);
		if (server == null) {
			throw new IllegalArgumentException(
					"No socket server is named '" + name + "'. Configured servers: " + this.servers.keySet());
		}
		ApplicationContext context = this.context;
		if (context != null) {
			start(server, context);
		}
		else {
			server.start();
		}
		return server;
	}

	/**
	 * Starts a server and tells the context: where it listens, and that it started or
	 * failed.
	 * @param server the server
	 * @param context the context to publish to
	 */
	static void start(ManagedSocketServer server, ApplicationContext context) {
		boolean started;
		try {
			started = server.start((core, failure) -> context.publishEvent(new SocketServerFailedEvent(core, failure)));
		}
		catch (SocketServerStartException ex) {
			context.publishEvent(new SocketServerFailedEvent(server.server(), ex));
			throw ex;
		}
		if (started) {
			SocketServerEnvironment.publish(context, server.name(), server.server().serverAddress());
			context.publishEvent(new SocketServerStartedEvent(server.server()));
		}
	}

	@Override
	public void destroy() {
		this.servers.values().forEach(ManagedSocketServer::stop);
	}

}
