package io.github.socketserver.endpoint;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.socketserver.BaseServer;
import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.context.SocketServersTls;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * Lists the socket servers ({@code /actuator/socketservers}) or describes one
 * ({@code /actuator/socketservers/{name}}): address, state, threading, counts, start
 * time.
 *
 * @since 0.1.0
 */
@Endpoint(id = "socketservers", defaultAccess = Access.READ_ONLY)
public class SocketServersEndpoint {

	private final SocketServers servers;

	private final @Nullable SocketServersTls tls;

	/**
	 * Creates the endpoint.
	 * @param servers the servers to describe
	 */
	public SocketServersEndpoint(SocketServers servers) {
		this(servers, null);
	}

	/**
	 * Creates the endpoint, with the TLS of each server.
	 * @param servers the servers to describe
	 * @param tls the TLS of the servers, {@code null} to leave it out
	 */
	public SocketServersEndpoint(SocketServers servers, @Nullable SocketServersTls tls) {
		this.tls = tls;
		this.servers = servers;
	}

	/**
	 * Describes every server, for {@code /actuator/socketservers}.
	 * @return the servers by name
	 */
	@ReadOperation
	public SocketServersDescriptor servers() {
		Map<String, ServerDescriptor> all = new LinkedHashMap<>();
		this.servers.all().forEach((server) -> all.put(server.name(), describe(server)));
		return new SocketServersDescriptor(all);
	}

	/**
	 * Describes one server, for {@code /actuator/socketservers/{name}}.
	 * @param name the server's name
	 * @return the server, {@code null} (a 404) if no server has that name
	 */
	@ReadOperation
	public @Nullable ServerDescriptor server(@Selector String name) {
		ManagedSocketServer server = this.servers.get(name);
		return (server != null) ? describe(server) : null;
	}

	private ServerDescriptor describe(ManagedSocketServer server) {
		BaseServer<?> core = server.server();
		return new ServerDescriptor(server.name(), lower(server.state()), server.address(), lower(core.addressFamily()),
				lower(core.socketType()), core.threading().toString(), server.startedAt(), core.activeRequests(),
				server.statistics().connections(), server.statistics().requests(), server.statistics().errors(),
				server.statistics().rejected(), (this.tls != null) ? this.tls.describe(server.name()) : null);
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * All servers, by name.
	 *
	 * @param servers the servers
	 */
	public record SocketServersDescriptor(Map<String, ServerDescriptor> servers) {
	}

	/**
	 * One server.
	 *
	 * @param name its name
	 * @param state created, running, draining, stopped or failed
	 * @param address where it listens
	 * @param family inet, inet6 or unix
	 * @param type stream or datagram
	 * @param threading its threading mode
	 * @param startedAt when it started serving, if it did
	 * @param activeRequests requests in flight
	 * @param connections connections accepted since start
	 * @param requests requests handled since start
	 * @param errors errors reported since start
	 * @param rejected requests refused since start
	 * @param tls its TLS bundles and certificates with their expiry, {@code null} without
	 * TLS
	 */
	public record ServerDescriptor(String name, String state, String address, String family, String type,
			String threading, @Nullable Instant startedAt, int activeRequests, long connections, long requests,
			long errors, long rejected, @Nullable Map<String, Object> tls) {
	}

}
