package io.github.socketserver.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.socketserver.proxy.ProxyProtocolMode;

/**
 * The PROXY protocol header a load balancer sends before each connection, under
 * {@code socketserver.servers.<name>.proxy-protocol}. TCP and unix stream servers only.
 *
 * @since 0.1.0
 */
public class ServerProxyProtocolProperties {

	/**
	 * Whether connections start with a PROXY protocol header (version 1 or 2, told apart
	 * by its first bytes): 'off', 'optional' (read when present, for clients that speak
	 * first), or 'required' (a connection without one is closed).
	 */
	private ProxyProtocolMode mode = ProxyProtocolMode.OFF;

	/**
	 * Addresses or CIDR ranges (IPv4 or IPv6) of the balancers whose headers are
	 * believed; a header from another peer is refused ('required') or read and dropped
	 * ('optional'). Required on an inet server with a PROXY protocol mode: write
	 * 0.0.0.0/0 and ::/0 to believe anyone that can reach the port. Peers of a unix
	 * socket are always believed: restrict them with 'socket-file.permissions'.
	 */
	private List<String> trusted = new ArrayList<>();

	/**
	 * How long the whole header may take to arrive; a slower connection is closed.
	 */
	private Duration headerTimeout = Duration.ofSeconds(5);

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerProxyProtocolProperties() {
	}

	/**
	 * {@return whether connections start with a PROXY protocol header}
	 */
	public ProxyProtocolMode getMode() {
		return this.mode;
	}

	/**
	 * Sets whether connections start with a PROXY protocol header.
	 * @param mode off, optional or required
	 */
	public void setMode(ProxyProtocolMode mode) {
		this.mode = mode;
	}

	/**
	 * {@return the addresses or CIDR ranges of the balancers whose headers are believed}
	 */
	public List<String> getTrusted() {
		return this.trusted;
	}

	/**
	 * Sets the addresses or CIDR ranges of the balancers whose headers are believed.
	 * @param trusted the addresses or ranges; on an inet server, at least one
	 */
	public void setTrusted(List<String> trusted) {
		this.trusted = trusted;
	}

	/**
	 * {@return how long the whole header may take to arrive}
	 */
	public Duration getHeaderTimeout() {
		return this.headerTimeout;
	}

	/**
	 * Sets how long the whole header may take to arrive.
	 * @param headerTimeout the timeout, more than zero
	 */
	public void setHeaderTimeout(Duration headerTimeout) {
		this.headerTimeout = headerTimeout;
	}

}
