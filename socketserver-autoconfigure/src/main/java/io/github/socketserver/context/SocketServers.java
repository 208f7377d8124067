package io.github.socketserver.context;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * The socket servers of the application, by name, in the order they were configured.
 * <p>
 * Inject it to reach a server at run time (its address, its requests in flight). Servers
 * are created when the context starts and bound by {@link SocketServersLifecycle};
 * whatever is left open is closed when the context is destroyed.
 */
public class SocketServers implements DisposableBean {

	private final Map<String, ManagedSocketServer> servers = new LinkedHashMap<>();

	public SocketServers(Collection<ManagedSocketServer> servers) {
		servers.forEach((server) -> this.servers.put(server.name(), server));
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

	@Override
	public void destroy() {
		this.servers.values().forEach(ManagedSocketServer::stop);
	}

}
