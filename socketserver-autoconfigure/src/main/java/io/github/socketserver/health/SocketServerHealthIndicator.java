package io.github.socketserver.health;

import java.util.Locale;
import java.util.Map;

import io.github.socketserver.BaseServer;
import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.SocketServersTls;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of one socket server: {@code UP} while it serves, {@code OUT_OF_SERVICE}
 * while it drains at shutdown, {@code DOWN} before it starts, after it stopped, or when
 * it failed. Details: address, family, type, threading, and the requests and connections
 * in flight; for a TLS server, its bundles and certificates with their expiry.
 *
 * @since 0.1.0
 */
public class SocketServerHealthIndicator implements HealthIndicator {

	private final ManagedSocketServer server;

	private final @Nullable SocketServersTls tls;

	/**
	 * Creates the indicator of one server.
	 * @param server the server whose health it reports
	 */
	public SocketServerHealthIndicator(ManagedSocketServer server) {
		this(server, null);
	}

	/**
	 * Creates the indicator of one server, with its TLS in the details.
	 * @param server the server whose health it reports
	 * @param tls the TLS of the servers, {@code null} to leave it out
	 */
	public SocketServerHealthIndicator(ManagedSocketServer server, @Nullable SocketServersTls tls) {
		this.server = server;
		this.tls = tls;
	}

	@Override
	public Health health() {
		BaseServer<?> core = this.server.server();
		Health.Builder health = switch (this.server.state()) {
			case RUNNING -> Health.up();
			case DRAINING -> Health.status(Status.OUT_OF_SERVICE);
			// Not started yet, or on purpose (auto-startup off): not a failure, so it
			// does not take the application's health down with it.
			case CREATED -> Health.unknown();
			case STOPPED, FAILED -> Health.down();
		};
		health.withDetail("state", lower(this.server.state()))
			.withDetail("address", this.server.address())
			.withDetail("family", lower(core.addressFamily()))
			.withDetail("type", lower(core.socketType()))
			.withDetail("threading", core.threading().toString())
			.withDetail("activeRequests", core.activeRequests());
		if (core.isInherited()) {
			// The supervisor bound the socket and keeps it across restarts.
			health.withDetail("inherited", true);
		}
		if (core.socketType() == io.github.socketserver.SocketType.STREAM) {
			// Each request of a stream server is a connection.
			health.withDetail("activeConnections", core.activeRequests());
		}
		Map<String, Object> tlsDetails = (this.tls != null) ? this.tls.describe(this.server.name()) : null;
		if (tlsDetails != null) {
			health.withDetail("tls", tlsDetails);
		}
		return health.build();
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
