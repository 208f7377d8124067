package io.github.socketserver.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the socket servers, under {@code socketserver}.
 * <p>
 * Each entry of {@link #getServers()} is one server, bound to the {@code @SocketHandler}
 * bean that names it. Settings left unset take the defaults documented on {@link Server};
 * a setting that does not apply to a server (a port on a Unix server, say) stops
 * start-up.
 */
@ConfigurationProperties("socketserver")
public class SocketServerProperties {

	/**
	 * Whether to create and start the configured socket servers.
	 */
	private boolean enabled = true;

	/**
	 * Whether to publish a SocketConnectionEvent when a connection opens and closes; it
	 * costs on every connection.
	 */
	private boolean connectionEvents;

	/**
	 * Socket servers by name; a @SocketHandler bean naming a server handles its requests.
	 */
	private final Map<String, Server> servers = new LinkedHashMap<>();

	private final Observations observations = new Observations();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isConnectionEvents() {
		return this.connectionEvents;
	}

	public void setConnectionEvents(boolean connectionEvents) {
		this.connectionEvents = connectionEvents;
	}

	public Map<String, Server> getServers() {
		return this.servers;
	}

	public Observations getObservations() {
		return this.observations;
	}

	/**
	 * Observations of requests, under {@code socketserver.observations}.
	 */
	public static class Observations {

		/**
		 * Whether to create an Observation (a span, with Micrometer Tracing) per request
		 * when an ObservationRegistry is present.
		 */
		private boolean enabled = true;

		/**
		 * Whether the default meter handler also turns each request's Observation into
		 * meters (socketserver.request and socketserver.request.active). Off by default:
		 * the socketserver.requests timer already times every request, at less cost.
		 */
		private boolean meters;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isMeters() {
			return this.meters;
		}

		public void setMeters(boolean meters) {
			this.meters = meters;
		}

	}

	/**
	 * Settings of one socket server, under {@code socketserver.servers.<name>}. Unset
	 * values ({@code null}) take the default given in each description.
	 */
	public static class Server {

		/**
		 * Address family of the socket: inet, inet6 or unix.
		 */
		private AddressFamily family = AddressFamily.INET;

		/**
		 * Type of the socket: stream (a request is a connection) or datagram (a request
		 * is a datagram).
		 */
		private SocketType type = SocketType.STREAM;

		/**
		 * Address to listen on, for inet and inet6 servers. Default: every interface
		 * ('0.0.0.0', or '::' for inet6, which also accepts IPv4).
		 */
		private @Nullable String host;

		/**
		 * Port to listen on, for inet and inet6 servers; required. Use 0 for a free port,
		 * published as 'local.socketserver.<name>.port'.
		 */
		private @Nullable Integer port;

		/**
		 * Path of the socket file, for unix servers; required. A stale socket file is
		 * replaced, any other file is refused.
		 */
		private @Nullable Path path;

		/**
		 * Whether to set SO_REUSEADDR, so that a restarted server binds a port that still
		 * has connections in TIME_WAIT. Inet servers only.
		 */
		private boolean reuseAddress = true;

		/**
		 * Whether to set SO_REUSEPORT, so that several processes can listen on one port.
		 * Inet servers only.
		 */
		private @Nullable Boolean reusePort;

		/**
		 * Listen backlog of a stream server: connections the system queues before they
		 * are accepted. Default: 128.
		 */
		private @Nullable Integer queueSize;

		/**
		 * How requests run: sync (one at a time), thread (a platform thread each),
		 * virtual (a virtual thread each, Java 21+), pool (a bounded pool) or fork (a
		 * child process each, running 'command'). Default: virtual when
		 * 'spring.threads.virtual.enabled' is true on Java 21+, otherwise pool.
		 */
		private Threading.@Nullable Mode threading;

		/**
		 * Most threads of the pool, for the pool mode. Default: 200.
		 */
		private @Nullable Integer maxThreads;

		/**
		 * Requests that may wait for a thread of the pool, for the pool mode; when both
		 * are full a request is refused. Default: 100.
		 */
		private @Nullable Integer queueCapacity;

		/**
		 * Whether request threads are daemon threads, which do not keep the JVM alive.
		 * Virtual threads always are.
		 */
		private boolean daemonThreads;

		/**
		 * Whether stopping the server waits, up to 'shutdown-timeout', for the requests
		 * in flight; when false they go on running and are not cut.
		 */
		private boolean blockOnClose = true;

		/**
		 * How long requests in flight may run once the server stops; those still running
		 * then are cut and logged.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		/**
		 * How often the serving loop checks for a stop and runs its service actions.
		 */
		private Duration pollInterval = Duration.ofMillis(500);

		/**
		 * How long a read of a stream handler may wait for data before it fails with a
		 * SocketTimeoutException. Default: no bound.
		 */
		private @Nullable Duration readTimeout;

		/**
		 * How long one read call of a stream handler (a line, a readNBytes, a read) may
		 * take in total, across the socket reads it needs. Unlike 'read-timeout', which a
		 * client trickling one byte at a time defeats, it cuts slow or silent clients;
		 * one streaming data is not cut. Stream servers only. Default: no bound.
		 */
		private @Nullable Duration idleTimeout;

		/**
		 * Whether TCP connections send small writes at once (TCP_NODELAY); replies are
		 * already gathered until the handler reads again. TCP servers only. Default:
		 * true.
		 */
		private @Nullable Boolean tcpNoDelay;

		/**
		 * Largest datagram accepted, in bytes; larger ones are dropped and logged.
		 * Datagram servers only. Default: 8192.
		 */
		private @Nullable Integer maxPacketSize;

		/**
		 * Longest line, in bytes, that a stream handler's 'rfile().readLine()' accepts; a
		 * longer one fails the request. Stream servers only. Default: 8192.
		 */
		private @Nullable Integer maxLineLength;

		/**
		 * SO_RCVBUF of the socket, in bytes. Default: the system's.
		 */
		private @Nullable Integer receiveBufferSize;

		/**
		 * SO_SNDBUF of the socket, in bytes. Default: the system's.
		 */
		private @Nullable Integer sendBufferSize;

		/**
		 * Whether the server starts with the application context.
		 */
		private boolean autoStartup = true;

		/**
		 * Most connections open at once, in every threading mode, for stream servers; a
		 * new connection past it is closed at once, counted and logged. Default: 10000.
		 */
		private @Nullable Integer maxConnections;

		/**
		 * Most connections open at once from one client address, for inet stream servers.
		 * Default: no limit.
		 */
		private @Nullable Integer maxConnectionsPerClient;

		/**
		 * Most datagrams being handled at once, for datagram servers; a datagram past it
		 * is dropped, counted and logged. Default: 10000.
		 */
		private @Nullable Integer maxRequests;

		/**
		 * Client addresses or CIDR ranges (IPv4 or IPv6) allowed to connect, for inet
		 * servers; when set, all others are refused. Default: everyone.
		 */
		private List<String> allow = new ArrayList<>();

		/**
		 * Client addresses or CIDR ranges (IPv4 or IPv6) refused, for inet servers; deny
		 * wins over allow.
		 */
		private List<String> deny = new ArrayList<>();

		/**
		 * Permissions of the socket file, for unix servers, as 'rw-rw----'; connecting
		 * needs write permission. Default: the process's umask.
		 */
		private @Nullable String socketPermissions;

		/**
		 * Group owning the socket file, for unix servers. Default: the process's group.
		 */
		private @Nullable String socketGroup;

		/**
		 * User names whose processes may connect, for unix stream servers, checked with
		 * the kernel's peer credentials (SO_PEERCRED). Default: everyone.
		 */
		private List<String> allowedUsers = new ArrayList<>();

		/**
		 * Group names whose processes may connect, for unix stream servers, checked with
		 * the kernel's peer credentials (SO_PEERCRED). Default: everyone.
		 */
		private List<String> allowedGroups = new ArrayList<>();

		/**
		 * Command run per request in the fork mode: the program and its arguments, with
		 * no shell unless one is named. The connection or datagram is its standard input
		 * and output.
		 */
		private List<String> command = new ArrayList<>();

		/**
		 * Working directory of the command, for the fork mode. Default: the
		 * application's.
		 */
		private @Nullable Path workingDirectory;

		/**
		 * Environment variables added for the command, for the fork mode. REMOTE_ADDR and
		 * REMOTE_PORT are always set to the client's address.
		 */
		private Map<String, String> environment = new LinkedHashMap<>();

		/**
		 * Most child processes running at once, for the fork mode. Default: 40.
		 */
		private @Nullable Integer maxChildren;

		/**
		 * How long a request waits for a child to end when max-children run, for the fork
		 * mode; then it is refused. Default: 10s.
		 */
		private @Nullable Duration maxChildrenWait;

		/**
		 * How long a child may run before it is killed, for the fork mode. Default: no
		 * limit.
		 */
		private @Nullable Duration timeLimit;

		public AddressFamily getFamily() {
			return this.family;
		}

		public void setFamily(AddressFamily family) {
			this.family = family;
		}

		public SocketType getType() {
			return this.type;
		}

		public void setType(SocketType type) {
			this.type = type;
		}

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public @Nullable Path getPath() {
			return this.path;
		}

		public void setPath(@Nullable Path path) {
			this.path = path;
		}

		public boolean isReuseAddress() {
			return this.reuseAddress;
		}

		public void setReuseAddress(boolean reuseAddress) {
			this.reuseAddress = reuseAddress;
		}

		public @Nullable Boolean getReusePort() {
			return this.reusePort;
		}

		public void setReusePort(@Nullable Boolean reusePort) {
			this.reusePort = reusePort;
		}

		public @Nullable Integer getQueueSize() {
			return this.queueSize;
		}

		public void setQueueSize(@Nullable Integer queueSize) {
			this.queueSize = queueSize;
		}

		public Threading.@Nullable Mode getThreading() {
			return this.threading;
		}

		public void setThreading(Threading.@Nullable Mode threading) {
			this.threading = threading;
		}

		public @Nullable Integer getMaxThreads() {
			return this.maxThreads;
		}

		public void setMaxThreads(@Nullable Integer maxThreads) {
			this.maxThreads = maxThreads;
		}

		public @Nullable Integer getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(@Nullable Integer queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		public boolean isDaemonThreads() {
			return this.daemonThreads;
		}

		public void setDaemonThreads(boolean daemonThreads) {
			this.daemonThreads = daemonThreads;
		}

		public boolean isBlockOnClose() {
			return this.blockOnClose;
		}

		public void setBlockOnClose(boolean blockOnClose) {
			this.blockOnClose = blockOnClose;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public @Nullable Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(@Nullable Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public @Nullable Boolean getTcpNoDelay() {
			return this.tcpNoDelay;
		}

		public void setTcpNoDelay(@Nullable Boolean tcpNoDelay) {
			this.tcpNoDelay = tcpNoDelay;
		}

		public @Nullable Integer getMaxPacketSize() {
			return this.maxPacketSize;
		}

		public void setMaxPacketSize(@Nullable Integer maxPacketSize) {
			this.maxPacketSize = maxPacketSize;
		}

		public @Nullable Integer getMaxLineLength() {
			return this.maxLineLength;
		}

		public void setMaxLineLength(@Nullable Integer maxLineLength) {
			this.maxLineLength = maxLineLength;
		}

		public @Nullable Integer getReceiveBufferSize() {
			return this.receiveBufferSize;
		}

		public void setReceiveBufferSize(@Nullable Integer receiveBufferSize) {
			this.receiveBufferSize = receiveBufferSize;
		}

		public @Nullable Integer getSendBufferSize() {
			return this.sendBufferSize;
		}

		public void setSendBufferSize(@Nullable Integer sendBufferSize) {
			this.sendBufferSize = sendBufferSize;
		}

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public @Nullable Integer getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(@Nullable Integer maxConnections) {
			this.maxConnections = maxConnections;
		}

		public @Nullable Integer getMaxConnectionsPerClient() {
			return this.maxConnectionsPerClient;
		}

		public void setMaxConnectionsPerClient(@Nullable Integer maxConnectionsPerClient) {
			this.maxConnectionsPerClient = maxConnectionsPerClient;
		}

		public @Nullable Integer getMaxRequests() {
			return this.maxRequests;
		}

		public void setMaxRequests(@Nullable Integer maxRequests) {
			this.maxRequests = maxRequests;
		}

		public List<String> getAllow() {
			return this.allow;
		}

		public void setAllow(List<String> allow) {
			this.allow = allow;
		}

		public List<String> getDeny() {
			return this.deny;
		}

		public void setDeny(List<String> deny) {
			this.deny = deny;
		}

		public @Nullable String getSocketPermissions() {
			return this.socketPermissions;
		}

		public void setSocketPermissions(@Nullable String socketPermissions) {
			this.socketPermissions = socketPermissions;
		}

		public @Nullable String getSocketGroup() {
			return this.socketGroup;
		}

		public void setSocketGroup(@Nullable String socketGroup) {
			this.socketGroup = socketGroup;
		}

		public List<String> getAllowedUsers() {
			return this.allowedUsers;
		}

		public void setAllowedUsers(List<String> allowedUsers) {
			this.allowedUsers = allowedUsers;
		}

		public List<String> getAllowedGroups() {
			return this.allowedGroups;
		}

		public void setAllowedGroups(List<String> allowedGroups) {
			this.allowedGroups = allowedGroups;
		}

		public List<String> getCommand() {
			return this.command;
		}

		public void setCommand(List<String> command) {
			this.command = command;
		}

		public @Nullable Path getWorkingDirectory() {
			return this.workingDirectory;
		}

		public void setWorkingDirectory(@Nullable Path workingDirectory) {
			this.workingDirectory = workingDirectory;
		}

		public Map<String, String> getEnvironment() {
			return this.environment;
		}

		public void setEnvironment(Map<String, String> environment) {
			this.environment = environment;
		}

		public @Nullable Integer getMaxChildren() {
			return this.maxChildren;
		}

		public void setMaxChildren(@Nullable Integer maxChildren) {
			this.maxChildren = maxChildren;
		}

		public @Nullable Duration getMaxChildrenWait() {
			return this.maxChildrenWait;
		}

		public void setMaxChildrenWait(@Nullable Duration maxChildrenWait) {
			this.maxChildrenWait = maxChildrenWait;
		}

		public @Nullable Duration getTimeLimit() {
			return this.timeLimit;
		}

		public void setTimeLimit(@Nullable Duration timeLimit) {
			this.timeLimit = timeLimit;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

	}

}
