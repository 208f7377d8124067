package io.github.socketserver.autoconfigure;

import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.access.AddressRange;
import io.github.socketserver.autoconfigure.SocketServerProperties.Server;
import io.github.socketserver.options.StreamOptions;
import io.github.socketserver.proxy.ProxyProtocolMode;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Refuses settings that make no sense together, naming the full key and what to do,
 * before any socket is opened. It runs once per server, before the handlers are bound.
 * <p>
 * A key that does not apply to a server (a port on a unix server, a pool size on a
 * virtual one) is refused when its value differs from the default of a fresh
 * {@link Server}: the binder cannot tell a key left out from one set to its default, so
 * setting a key to its default is accepted, and changes nothing.
 */
final class ServerPropertiesValidator {

	private static final long MAX_UDP_PACKET = 65_535;

	private static final long MAX_UNIX_PACKET = 4 * 1024 * 1024;

	private static final String UNIX_ACCESS = "Address lists apply to inet servers, and to unix servers behind a "
			+ "balancer ('proxy-protocol.mode'): for other unix servers use 'socket-file.permissions', "
			+ "'access.allowed-users' or 'access.allowed-groups'";

	private final String prefix;

	private final Server server;

	private final Server defaults = new Server();

	private ServerPropertiesValidator(String name, Server server) {
		this.prefix = "socketserver.servers." + name + ".";
		this.server = server;
	}

	static void validate(String name, Server server, Threading.Mode threading) {
		ServerPropertiesValidator validator = new ServerPropertiesValidator(name, server);
		validator.validateFamily();
		validator.validateType();
		validator.validateThreading(threading);
		validator.validateRanges();
		validator.validateSsl();
		validator.validateProxyProtocol();
		ServerFramingValidator.validate(validator.prefix, server.getFraming(), threading);
	}

	private void validateFamily() {
		Server s = this.server;
		boolean inherited = s.getInherit() != InheritedSocketSource.NONE;
		if (s.getInherit() != InheritedSocketSource.SYSTEMD) {
			// Blank counts as unset: a test that moves the server to a free address
			// clears it.
			refuse("inherit-name",
					(server) -> StringUtils.hasLength(server.getInheritName()) ? server.getInheritName() : null,
					"'inherit-name' names a socket systemd passes: set 'inherit' to systemd, or remove it");
		}
		if (s.getFamily() == AddressFamily.UNIX) {
			if (!inherited) {
				require("path", s.getPath(),
						"A unix server needs the path of its socket file, for example /tmp/echo.sock");
			}
			refuse("port", Server::getPort, "A unix server listens on its socket file, not a port: remove 'port', "
					+ "or set 'family' to inet");
			refuse("host", Server::getHost, "A unix server listens on its socket file, not a host: remove 'host', "
					+ "or set 'family' to inet");
			refuse("socket.reuse-port", (server) -> server.getSocket().isReusePort(),
					"SO_REUSEPORT applies to inet and inet6 servers only");
			refuse("socket.tcp-no-delay", (server) -> server.getSocket().isTcpNoDelay(),
					"TCP_NODELAY applies to TCP servers only");
			if (s.getProxyProtocol().getMode() == ProxyProtocolMode.OFF) {
				refuse("access.allow", (server) -> server.getAccess().getAllow(), UNIX_ACCESS);
				refuse("access.deny", (server) -> server.getAccess().getDeny(), UNIX_ACCESS);
				refuse("limits.max-connections-per-client", (server) -> server.getLimits().getMaxConnectionsPerClient(),
						"Unix clients have no address to count by: use 'limits.max-connections'");
			}
			else {
				// Behind a balancer, the lists judge the inet clients the balancer
				// reports; its own connections (no client reported) keep their unix
				// address and pass, as the socket file's permissions let them in.
				addressRanges("access.allow", s.getAccess().getAllow());
				addressRanges("access.deny", s.getAccess().getDeny());
			}
			String permissions = s.getSocketFile().getPermissions();
			if (permissions != null) {
				try {
					PosixFilePermissions.fromString(permissions);
				}
				catch (IllegalArgumentException ex) {
					fail("socket-file.permissions", permissions,
							"Write the permissions as nine characters, for example rw-rw----");
				}
			}
			if (s.getType() != SocketType.STREAM) {
				refuse("access.allowed-users", (server) -> server.getAccess().getAllowedUsers(),
						"Peer credentials exist for unix stream servers only");
				refuse("access.allowed-groups", (server) -> server.getAccess().getAllowedGroups(),
						"Peer credentials exist for unix stream servers only");
			}
			return;
		}
		refuse("socket-file.permissions", (server) -> server.getSocketFile().getPermissions(),
				"'socket-file.permissions' applies to unix servers only");
		refuse("socket-file.group", (server) -> server.getSocketFile().getGroup(),
				"'socket-file.group' applies to unix servers only");
		refuse("access.allowed-users", (server) -> server.getAccess().getAllowedUsers(),
				"'access.allowed-users' applies to unix stream servers only: for inet servers use 'access.allow'");
		refuse("access.allowed-groups", (server) -> server.getAccess().getAllowedGroups(),
				"'access.allowed-groups' applies to unix stream servers only: for inet servers use 'access.allow'");
		addressRanges("access.allow", s.getAccess().getAllow());
		addressRanges("access.deny", s.getAccess().getDeny());
		refuse("path", Server::getPath, "'path' is for unix servers: remove it, or set 'family' to unix");
		if (inherited) {
			return;
		}
		Integer port = s.getPort();
		require("port", port,
				"An " + s.getFamily().name().toLowerCase() + " server needs a port: set one, or 0 for a free port");
		if (port < 0 || port > 65535) {
			fail("port", port, "A port is between 0 and 65535 (0 picks a free one)");
		}
	}

	private void validateType() {
		if (this.server.getType() == SocketType.STREAM) {
			refuse("datagram.max-packet-size", (server) -> server.getDatagram().getMaxPacketSize(),
					"'datagram.max-packet-size' applies to datagram servers only");
			refuse("datagram.oversize", (server) -> server.getDatagram().getOversize(),
					"'datagram.oversize' applies to datagram servers only");
			refuse("datagram.receivers", (server) -> server.getDatagram().getReceivers(),
					"'datagram.receivers' applies to datagram servers only");
			refuse("limits.max-requests", (server) -> server.getLimits().getMaxRequests(),
					"A stream server's requests are its connections: use 'limits.max-connections'");
			return;
		}
		refuse("limits.max-connections", (server) -> server.getLimits().getMaxConnections(),
				"A datagram server has no connections: use 'limits.max-requests'");
		refuse("limits.max-connections-per-client", (server) -> server.getLimits().getMaxConnectionsPerClient(),
				"A datagram server has no connections");
		refuse("limits.ipv6-client-prefix", (server) -> server.getLimits().getIpv6ClientPrefix(),
				"A datagram server has no connections to count per client");
		refuse("socket.queue-size", (server) -> server.getSocket().getQueueSize(),
				"A datagram server has no listen backlog: remove 'socket.queue-size'");
		refuse("stream.read-timeout", (server) -> server.getStream().getReadTimeout(),
				"'stream.read-timeout' applies to stream servers only");
		refuse("stream.idle-timeout", (server) -> server.getStream().getIdleTimeout(),
				"'stream.idle-timeout' applies to stream servers only");
		refuse("stream.max-line-length", (server) -> server.getStream().getMaxLineLength(),
				"'stream.max-line-length' applies to stream servers only");
		refuse("stream.write-timeout", (server) -> server.getStream().getWriteTimeout(),
				"'stream.write-timeout' applies to stream servers only");
		refuse("socket.tcp-no-delay", (server) -> server.getSocket().isTcpNoDelay(),
				"TCP_NODELAY applies to TCP servers only");
	}

	private void validateThreading(Threading.Mode threading) {
		if (threading != Threading.Mode.POOL) {
			String mode = threading.name().toLowerCase();
			refuse("pool.max-threads", (server) -> server.getPool().getMaxThreads(),
					"'pool.max-threads' applies to the pool threading mode, and this server runs '" + mode + "'"
							+ ((threading == Threading.Mode.THREAD) ? ": its cap is 'thread.max-threads'" : ""));
			refuse("pool.queue-capacity", (server) -> server.getPool().getQueueCapacity(),
					"'pool.queue-capacity' applies to the pool threading mode, and this server runs '" + mode + "'");
		}
		if (threading != Threading.Mode.THREAD) {
			refuse("thread.max-threads", (server) -> server.getThread().getMaxThreads(),
					"'thread.max-threads' applies to the thread threading mode, and this server runs '"
							+ threading.name().toLowerCase() + "'");
		}
		if (threading == Threading.Mode.FORK) {
			if (this.server.getCommand().isEmpty()) {
				fail("command", null, "A fork server runs a command per request: set 'command' to the program and "
						+ "its arguments, for example [tr, a-z, A-Z]");
			}
			String reason = "is not used by a fork server, whose command reads the connection itself: "
					+ "bound each request with 'fork.time-limit' instead";
			refuse("stream.read-timeout", (server) -> server.getStream().getReadTimeout(),
					"'stream.read-timeout' " + reason);
			refuse("stream.idle-timeout", (server) -> server.getStream().getIdleTimeout(),
					"'stream.idle-timeout' " + reason);
			refuse("stream.max-line-length", (server) -> server.getStream().getMaxLineLength(),
					"'stream.max-line-length' " + reason);
		}
		else {
			String reason = "applies to the fork threading mode only: set 'threading' to fork, or remove it";
			refuse("command", Server::getCommand, "'command' " + reason);
			refuse("fork.working-directory", (server) -> server.getFork().getWorkingDirectory(),
					"'fork.working-directory' " + reason);
			refuse("fork.environment", (server) -> server.getFork().getEnvironment(), "'fork.environment' " + reason);
			refuse("fork.inherit-environment", (server) -> server.getFork().isInheritEnvironment(),
					"'fork.inherit-environment' " + reason);
			refuse("fork.max-children", (server) -> server.getFork().getMaxChildren(), "'fork.max-children' " + reason);
			refuse("fork.max-children-wait", (server) -> server.getFork().getMaxChildrenWait(),
					"'fork.max-children-wait' " + reason);
			refuse("fork.time-limit", (server) -> server.getFork().getTimeLimit(), "'fork.time-limit' " + reason);
		}
		if (threading == Threading.Mode.VIRTUAL && !Threading.isVirtualAvailable()) {
			fail("threading", "virtual", "Virtual threads need Java 21 or newer and this JVM is " + Runtime.version()
					+ ": use 'pool' or 'thread', or run on Java 21 or newer");
		}
	}

	private void validateRanges() {
		Server s = this.server;
		atLeast("fork.max-children", s.getFork().getMaxChildren(), 1);
		positive("fork.max-children-wait", s.getFork().getMaxChildrenWait(), true);
		positive("fork.time-limit", s.getFork().getTimeLimit(), false);
		atLeast("limits.max-connections", s.getLimits().getMaxConnections(), 1);
		atLeast("limits.max-connections-per-client", s.getLimits().getMaxConnectionsPerClient(), 1);
		atLeast("limits.max-requests", s.getLimits().getMaxRequests(), 1);
		if (s.getLimits().getIpv6ClientPrefix() < 1 || s.getLimits().getIpv6ClientPrefix() > 128) {
			fail("limits.ipv6-client-prefix", s.getLimits().getIpv6ClientPrefix(),
					"An IPv6 prefix is 1 to 128 bits: use 64 to count a host's /64 as one client, 128 for each address");
		}
		atLeast("socket.queue-size", s.getSocket().getQueueSize(), 1);
		atLeast("pool.max-threads", s.getPool().getMaxThreads(), 1);
		atLeast("pool.queue-capacity", s.getPool().getQueueCapacity(), 0);
		atLeast("thread.max-threads", s.getThread().getMaxThreads(), 1);
		size("datagram.max-packet-size", s.getDatagram().getMaxPacketSize());
		if (s.getDatagram().getReceivers() < 0) {
			fail("datagram.receivers", s.getDatagram().getReceivers(),
					"The number of receiving sockets is 1 or more, or 0 for one per available processor");
		}
		if (s.getDatagram().getReceivers() > 1 && s.getFamily() == AddressFamily.UNIX) {
			fail("datagram.receivers", s.getDatagram().getReceivers(),
					"A unix datagram server receives on one socket (SO_REUSEPORT does not apply to unix sockets): "
							+ "remove 'datagram.receivers'");
		}
		packetSize(s.getDatagram().getMaxPacketSize(), s.getFamily() == AddressFamily.UNIX);
		size("stream.max-line-length", s.getStream().getMaxLineLength());
		lineLength(s.getStream().getMaxLineLength());
		size("socket.receive-buffer-size", s.getSocket().getReceiveBufferSize());
		size("socket.send-buffer-size", s.getSocket().getSendBufferSize());
		positive("shutdown.timeout", s.getShutdown().getTimeout(), true);
		positive("shutdown.poll-interval", s.getShutdown().getPollInterval(), false);
		positive("stream.read-timeout", s.getStream().getReadTimeout(), false);
		positive("stream.idle-timeout", s.getStream().getIdleTimeout(), false);
		positive("stream.write-timeout", s.getStream().getWriteTimeout(), true);
	}

	/**
	 * TLS needs a bundle and a stream: DTLS is not offered.
	 */
	private void validateSsl() {
		ServerSslProperties ssl = this.server.getSsl();
		if (ssl.getBundle() == null) {
			String reason = "applies to a server with TLS: set 'ssl.bundle' to the name of an SSL bundle, or remove it";
			refuse("ssl.client-auth", (server) -> server.getSsl().getClientAuth(), "'ssl.client-auth' " + reason);
			refuse("ssl.handshake-timeout", (server) -> server.getSsl().getHandshakeTimeout(),
					"'ssl.handshake-timeout' " + reason);
			refuse("ssl.server-name-bundles", (server) -> server.getSsl().getServerNameBundles(),
					"'ssl.server-name-bundles' " + reason);
			return;
		}
		if (this.server.getType() != SocketType.STREAM) {
			fail("ssl.bundle", ssl.getBundle(), "TLS applies to stream servers only (DTLS is not offered): remove "
					+ "'ssl', or set 'type' to stream");
		}
		positive("ssl.handshake-timeout", ssl.getHandshakeTimeout(), false);
	}

	private void validateProxyProtocol() {
		ServerProxyProtocolProperties proxy = this.server.getProxyProtocol();
		if (this.server.getType() != SocketType.STREAM) {
			String reason = "The PROXY protocol is a header of stream connections: remove 'proxy-protocol.*' from "
					+ "this datagram server";
			refuse("proxy-protocol.mode", (server) -> server.getProxyProtocol().getMode(), reason);
			refuse("proxy-protocol.trusted", (server) -> server.getProxyProtocol().getTrusted(), reason);
			refuse("proxy-protocol.header-timeout", (server) -> server.getProxyProtocol().getHeaderTimeout(), reason);
		}
		addressRanges("proxy-protocol.trusted", proxy.getTrusted());
		positive("proxy-protocol.header-timeout", proxy.getHeaderTimeout(), false);
		if (proxy.getMode() != ProxyProtocolMode.OFF && this.server.getFamily() != AddressFamily.UNIX
				&& proxy.getTrusted().isEmpty()) {
			// Else any client that reaches the port could choose its address.
			fail("proxy-protocol.trusted", proxy.getTrusted(),
					"An inet server reading PROXY protocol headers must be told whose to believe: list the "
							+ "balancers' addresses or ranges (10.0.0.5, 10.0.0.0/24), or write 0.0.0.0/0 and ::/0 "
							+ "to believe anyone that can reach the port");
		}
	}

	private void addressRanges(String key, List<String> ranges) {
		for (int i = 0; i < ranges.size(); i++) {
			try {
				AddressRange.parse(ranges.get(i));
			}
			catch (IllegalArgumentException ex) {
				fail(key + "[" + i + "]", ranges.get(i), ex.getMessage()
						+ ": write an IP address (10.0.0.1, ::1) or a CIDR range (10.0.0.0/8, fd00::/8)");
			}
		}
	}

	private void require(String key, @Nullable Object value, String reason) {
		if (value == null) {
			fail(key, null, reason);
		}
	}

	/**
	 * Refuses a key that does not apply, unless it holds its default.
	 */
	private void refuse(String key, Function<Server, @Nullable Object> setting, String reason) {
		Object value = setting.apply(this.server);
		if (!Objects.equals(value, setting.apply(this.defaults))) {
			fail(key, value, reason);
		}
	}

	private void atLeast(String key, @Nullable Integer value, int minimum) {
		if (value != null && value < minimum) {
			fail(key, value, "The value must be at least " + minimum);
		}
	}

	private void positive(String key, @Nullable Duration value, boolean zeroAllowed) {
		if (value != null && (value.isNegative() || (!zeroAllowed && value.isZero()))) {
			fail(key, value, "The duration must be " + (zeroAllowed ? "zero or more" : "more than zero"));
		}
	}

	/**
	 * A datagram server receives into a buffer of this size, and no UDP datagram is
	 * larger than 64KB; a Unix datagram is bounded only by the socket's buffers.
	 */
	private void packetSize(DataSize value, boolean unix) {
		long most = unix ? MAX_UNIX_PACKET : MAX_UDP_PACKET;
		if (value.toBytes() > most) {
			fail("datagram.max-packet-size", value, "A " + (unix ? "Unix" : "UDP") + " datagram server takes "
					+ "datagrams of at most " + most + "B: use a size up to that");
		}
	}

	/**
	 * A line is read into one array, with room for its line end: the options take lines
	 * of up to 1 GiB.
	 */
	private void lineLength(@Nullable DataSize value) {
		if (value != null && value.toBytes() > StreamOptions.MAX_LINE_LENGTH) {
			fail("stream.max-line-length", value, "A line is read into memory whole: the length must be at most "
					+ "1GB; use a smaller size, for example 64KB");
		}
	}

	/**
	 * Refuses a size the options cannot hold: they count bytes in an {@code int}.
	 */
	private void size(String key, @Nullable DataSize value) {
		if (value != null && value.toBytes() < 1) {
			fail(key, value, "The size must be at least 1B");
		}
		if (value != null && value.toBytes() > Integer.MAX_VALUE) {
			fail(key, value, "The size must be at most " + Integer.MAX_VALUE + "B (2GB less one byte): use a "
					+ "smaller size, for example 1GB");
		}
	}

	private void fail(String key, @Nullable Object value, String reason) {
		throw new InvalidConfigurationPropertyValueException(this.prefix + key, value, reason);
	}

}
