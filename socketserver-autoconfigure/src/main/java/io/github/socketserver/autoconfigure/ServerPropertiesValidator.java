package io.github.socketserver.autoconfigure;

import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.access.AddressRange;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Refuses settings that make no sense together, naming the full key and what to do,
 * before any socket is opened.
 */
final class ServerPropertiesValidator {

	private final String prefix;

	private final SocketServerProperties.Server server;

	private ServerPropertiesValidator(String name, SocketServerProperties.Server server) {
		this.prefix = "socketserver.servers." + name + ".";
		this.server = server;
	}

	static void validate(String name, SocketServerProperties.Server server, Threading.Mode threading) {
		new ServerPropertiesValidator(name, server).validate(threading);
	}

	private void validate(Threading.Mode threading) {
		SocketServerProperties.Server s = this.server;
		boolean unix = s.getFamily() == AddressFamily.UNIX;
		boolean stream = s.getType() == SocketType.STREAM;
		if (unix) {
			require("path", s.getPath(), "A unix server needs the path of its socket file, for example /tmp/echo.sock");
			refuse("port", s.getPort(), "A unix server listens on its socket file, not a port: remove 'port', "
					+ "or set 'family' to inet");
			refuse("host", s.getHost(), "A unix server listens on its socket file, not a host: remove 'host', "
					+ "or set 'family' to inet");
			refuse("reuse-port", s.getReusePort(), "SO_REUSEPORT applies to inet and inet6 servers only");
			refuse("tcp-no-delay", s.getTcpNoDelay(), "TCP_NODELAY applies to TCP servers only");
			refuse("allow", nullIfEmpty(s.getAllow()), "Address lists apply to inet servers: for unix servers use "
					+ "'socket-permissions', 'allowed-users' or 'allowed-groups'");
			refuse("deny", nullIfEmpty(s.getDeny()), "Address lists apply to inet servers: for unix servers use "
					+ "'socket-permissions', 'allowed-users' or 'allowed-groups'");
			refuse("max-connections-per-client", s.getMaxConnectionsPerClient(),
					"Unix clients have no address to count by: use 'max-connections'");
			if (s.getSocketPermissions() != null) {
				try {
					PosixFilePermissions.fromString(s.getSocketPermissions());
				}
				catch (IllegalArgumentException ex) {
					fail("socket-permissions", s.getSocketPermissions(),
							"Write the permissions as nine characters, for example rw-rw----");
				}
			}
			if (!stream) {
				refuse("allowed-users", nullIfEmpty(s.getAllowedUsers()),
						"Peer credentials exist for unix stream servers only");
				refuse("allowed-groups", nullIfEmpty(s.getAllowedGroups()),
						"Peer credentials exist for unix stream servers only");
			}
		}
		else {
			refuse("socket-permissions", s.getSocketPermissions(), "'socket-permissions' applies to unix servers only");
			refuse("socket-group", s.getSocketGroup(), "'socket-group' applies to unix servers only");
			refuse("allowed-users", nullIfEmpty(s.getAllowedUsers()),
					"'allowed-users' applies to unix stream servers only: for inet servers use 'allow'");
			refuse("allowed-groups", nullIfEmpty(s.getAllowedGroups()),
					"'allowed-groups' applies to unix stream servers only: for inet servers use 'allow'");
			for (String key : new String[] { "allow", "deny" }) {
				List<String> ranges = key.equals("allow") ? s.getAllow() : s.getDeny();
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
			refuse("path", s.getPath(), "'path' is for unix servers: remove it, or set 'family' to unix");
			require("port", s.getPort(),
					"An " + s.getFamily().name().toLowerCase() + " server needs a port: set one, or 0 for a free port");
			if (s.getPort() < 0 || s.getPort() > 65535) {
				fail("port", s.getPort(), "A port is between 0 and 65535 (0 picks a free one)");
			}
		}
		if (stream) {
			refuse("max-packet-size", s.getMaxPacketSize(), "'max-packet-size' applies to datagram servers only");
			refuse("max-requests", s.getMaxRequests(),
					"A stream server's requests are its connections: use 'max-connections'");
		}
		else {
			refuse("max-connections", s.getMaxConnections(),
					"A datagram server has no connections: use 'max-requests'");
			refuse("max-connections-per-client", s.getMaxConnectionsPerClient(),
					"A datagram server has no connections");
			refuse("queue-size", s.getQueueSize(), "A datagram server has no listen backlog: remove 'queue-size'");
			refuse("read-timeout", s.getReadTimeout(), "'read-timeout' applies to stream servers only");
			refuse("idle-timeout", s.getIdleTimeout(), "'idle-timeout' applies to stream servers only");
			refuse("max-line-length", s.getMaxLineLength(), "'max-line-length' applies to stream servers only");
			refuse("tcp-no-delay", s.getTcpNoDelay(), "TCP_NODELAY applies to TCP servers only");
		}
		if (threading != Threading.Mode.POOL) {
			String mode = threading.name().toLowerCase();
			refuse("max-threads", s.getMaxThreads(),
					"'max-threads' applies to the pool threading mode, and this server runs '" + mode + "'");
			refuse("queue-capacity", s.getQueueCapacity(),
					"'queue-capacity' applies to the pool threading mode, and this server runs '" + mode + "'");
		}
		boolean fork = threading == Threading.Mode.FORK;
		if (fork && s.getCommand().isEmpty()) {
			fail("command", null, "A fork server runs a command per request: set 'command' to the program and its "
					+ "arguments, for example [tr, a-z, A-Z]");
		}
		if (fork) {
			String reason = "is not used by a fork server, whose command reads the connection itself: "
					+ "bound each request with 'time-limit' instead";
			refuse("read-timeout", s.getReadTimeout(), "'read-timeout' " + reason);
			refuse("idle-timeout", s.getIdleTimeout(), "'idle-timeout' " + reason);
			refuse("max-line-length", s.getMaxLineLength(), "'max-line-length' " + reason);
		}
		if (!fork) {
			String reason = "applies to the fork threading mode only: set 'threading' to fork, or remove it";
			refuse("command", s.getCommand().isEmpty() ? null : s.getCommand(), "'command' " + reason);
			refuse("working-directory", s.getWorkingDirectory(), "'working-directory' " + reason);
			refuse("environment", s.getEnvironment().isEmpty() ? null : s.getEnvironment(), "'environment' " + reason);
			refuse("max-children", s.getMaxChildren(), "'max-children' " + reason);
			refuse("max-children-wait", s.getMaxChildrenWait(), "'max-children-wait' " + reason);
			refuse("time-limit", s.getTimeLimit(), "'time-limit' " + reason);
		}
		atLeast("max-children", s.getMaxChildren(), 1);
		positive("max-children-wait", s.getMaxChildrenWait(), true);
		positive("time-limit", s.getTimeLimit(), false);
		if (threading == Threading.Mode.VIRTUAL && !Threading.isVirtualAvailable()) {
			fail("threading", "virtual", "Virtual threads need Java 21 or newer and this JVM is " + Runtime.version()
					+ ": use 'pool' or 'thread', or run on Java 21 or newer");
		}
		atLeast("max-connections", s.getMaxConnections(), 1);
		atLeast("max-connections-per-client", s.getMaxConnectionsPerClient(), 1);
		atLeast("max-requests", s.getMaxRequests(), 1);
		atLeast("queue-size", s.getQueueSize(), 1);
		atLeast("max-threads", s.getMaxThreads(), 1);
		atLeast("queue-capacity", s.getQueueCapacity(), 0);
		atLeast("max-packet-size", s.getMaxPacketSize(), 1);
		atLeast("max-line-length", s.getMaxLineLength(), 1);
		atLeast("receive-buffer-size", s.getReceiveBufferSize(), 1);
		atLeast("send-buffer-size", s.getSendBufferSize(), 1);
		positive("shutdown-timeout", s.getShutdownTimeout(), true);
		positive("poll-interval", s.getPollInterval(), false);
		positive("read-timeout", s.getReadTimeout(), false);
		positive("idle-timeout", s.getIdleTimeout(), false);
	}

	private static @Nullable List<String> nullIfEmpty(List<String> values) {
		return values.isEmpty() ? null : values;
	}

	private void require(String key, @Nullable Object value, String reason) {
		if (value == null) {
			fail(key, null, reason);
		}
	}

	private void refuse(String key, @Nullable Object value, String reason) {
		if (value != null) {
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

	private void fail(String key, @Nullable Object value, String reason) {
		throw new InvalidConfigurationPropertyValueException(this.prefix + key, value, reason);
	}

}
