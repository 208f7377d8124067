package io.github.socketserver.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * How many requests a server takes at once, under
 * {@code socketserver.servers.<name>.limits}; past a limit a request is refused, counted
 * and logged.
 */
public class ServerLimitsProperties {

	/**
	 * Most connections open at once, in every threading mode, for stream servers; a new
	 * connection past it is closed at once.
	 */
	private int maxConnections = 10_000;

	/**
	 * Most connections open at once from one client address, for inet stream servers.
	 * When unset, no limit.
	 */
	private @Nullable Integer maxConnectionsPerClient;

	/**
	 * Most datagrams being handled at once, for datagram servers; a datagram past it is
	 * dropped.
	 */
	private int maxRequests = 10_000;

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public @Nullable Integer getMaxConnectionsPerClient() {
		return this.maxConnectionsPerClient;
	}

	public void setMaxConnectionsPerClient(@Nullable Integer maxConnectionsPerClient) {
		this.maxConnectionsPerClient = maxConnectionsPerClient;
	}

	public int getMaxRequests() {
		return this.maxRequests;
	}

	public void setMaxRequests(int maxRequests) {
		this.maxRequests = maxRequests;
	}

}
