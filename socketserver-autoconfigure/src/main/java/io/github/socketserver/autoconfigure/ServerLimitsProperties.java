package io.github.socketserver.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * How many requests a server takes at once, under
 * {@code socketserver.servers.<name>.limits}; past a limit a request is refused, counted
 * and logged.
 *
 * @since 0.1.0
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
	 * Leading bits of an IPv6 client's address that make one client for
	 * 'max-connections-per-client', 1 to 128: a host is given a whole /64, so counting
	 * full addresses would let it past the cap.
	 */
	private int ipv6ClientPrefix = 64;

	/**
	 * Most datagrams being handled at once, for datagram servers; a datagram past it is
	 * dropped.
	 */
	private int maxRequests = 10_000;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerLimitsProperties() {
	}

	/**
	 * {@return the most connections open at once, for stream servers}
	 */
	public int getMaxConnections() {
		return this.maxConnections;
	}

	/**
	 * Sets the most connections open at once, for stream servers.
	 * @param maxConnections the number of connections
	 */
	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	/**
	 * {@return the most connections open at once from one client address, {@code null}
	 * for no limit}
	 */
	public @Nullable Integer getMaxConnectionsPerClient() {
		return this.maxConnectionsPerClient;
	}

	/**
	 * Sets the most connections open at once from one client address, {@code null} for no
	 * limit.
	 * @param maxConnectionsPerClient the number of connections
	 */
	public void setMaxConnectionsPerClient(@Nullable Integer maxConnectionsPerClient) {
		this.maxConnectionsPerClient = maxConnectionsPerClient;
	}

	/**
	 * {@return the leading bits of an IPv6 address that make one client}
	 */
	public int getIpv6ClientPrefix() {
		return this.ipv6ClientPrefix;
	}

	/**
	 * Sets the leading bits of an IPv6 address that make one client.
	 * @param ipv6ClientPrefix the prefix length in bits
	 */
	public void setIpv6ClientPrefix(int ipv6ClientPrefix) {
		this.ipv6ClientPrefix = ipv6ClientPrefix;
	}

	/**
	 * {@return the most datagrams being handled at once, for datagram servers}
	 */
	public int getMaxRequests() {
		return this.maxRequests;
	}

	/**
	 * Sets the most datagrams being handled at once, for datagram servers.
	 * @param maxRequests the number of datagrams
	 */
	public void setMaxRequests(int maxRequests) {
		this.maxRequests = maxRequests;
	}

}
