package io.github.socketserver.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of the socket servers, under {@code socketserver}.
 * <p>
 * Each entry of {@link #getServers()} is one server, bound to the {@code @SocketHandler}
 * bean that names it. Settings left unset keep the defaults of {@link Server} and its
 * groups; a setting that does not apply to a server (a port on a Unix server, say) stops
 * start-up, and so does an unknown key (a typo, or a key of an earlier layout), which
 * would otherwise be ignored in silence.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "socketserver", ignoreUnknownFields = false)
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

	@NestedConfigurationProperty
	private final SocketServerObservationProperties observations = new SocketServerObservationProperties();

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public SocketServerProperties() {
	}

	/**
	 * {@return whether to create and start the configured socket servers}
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Sets whether to create and start the configured socket servers.
	 * @param enabled whether to start them
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * {@return whether to publish a {@code SocketConnectionEvent} when a connection opens
	 * and closes}
	 */
	public boolean isConnectionEvents() {
		return this.connectionEvents;
	}

	/**
	 * Sets whether to publish a {@code SocketConnectionEvent} when a connection opens and
	 * closes.
	 * @param connectionEvents whether to publish them
	 */
	public void setConnectionEvents(boolean connectionEvents) {
		this.connectionEvents = connectionEvents;
	}

	/**
	 * {@return the socket servers by name, each bound to the @SocketHandler bean naming
	 * it}
	 */
	public Map<String, Server> getServers() {
		return this.servers;
	}

	/**
	 * {@return the settings of the observations of requests}
	 */
	public SocketServerObservationProperties getObservations() {
		return this.observations;
	}

	/**
	 * Settings of one socket server, under {@code socketserver.servers.<name>}: what it
	 * listens on and how its requests run at the top level, everything else in groups.
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
		 * Address to listen on, for inet and inet6 servers. When unset, every interface
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
		 * How requests run: sync (one at a time), thread (a platform thread each),
		 * virtual (a virtual thread each, Java 21+), pool (a bounded pool) or fork (a
		 * child process each, running 'command'). When unset, virtual when
		 * 'spring.threads.virtual.enabled' is true on Java 21+, otherwise pool.
		 */
		private Threading.@Nullable Mode threading;

		/**
		 * Whether the server starts with the application context.
		 */
		private boolean autoStartup = true;

		/**
		 * Whether the server is created at all. A disabled server is not created and
		 * needs no handler; a handler may still name it.
		 */
		private boolean enabled = true;

		/**
		 * Command run per request in the fork mode: the program and its arguments, with
		 * no shell unless one is named. The connection or datagram is its standard input
		 * and output.
		 */
		private List<String> command = new ArrayList<>();

		/**
		 * Where the socket comes from: none (the server binds it), systemd (socket
		 * activation: the socket named 'inherit-name' among those systemd passed) or
		 * stdin (the socket on standard input). An inherited socket is used as the
		 * supervisor bound it: 'host', 'port' and 'path' are then ignored. TCP, UDP and
		 * unix stream sockets need the JVM option '--add-opens
		 * java.base/sun.nio.ch=ALL-UNNAMED'.
		 */
		private InheritedSocketSource inherit = InheritedSocketSource.NONE;

		/**
		 * Name of the socket to take when 'inherit' is systemd, as FileDescriptorName= in
		 * the .socket unit sets it ('<name>.socket' matches too). When unset, the
		 * server's name.
		 */
		private @Nullable String inheritName;

		@NestedConfigurationProperty
		private final ServerSocketProperties socket = new ServerSocketProperties();

		@NestedConfigurationProperty
		private final ServerPoolProperties pool = new ServerPoolProperties();

		@NestedConfigurationProperty
		private final ServerThreadProperties thread = new ServerThreadProperties();

		@NestedConfigurationProperty
		private final ServerShutdownProperties shutdown = new ServerShutdownProperties();

		@NestedConfigurationProperty
		private final ServerStreamProperties stream = new ServerStreamProperties();

		@NestedConfigurationProperty
		private final ServerDatagramProperties datagram = new ServerDatagramProperties();

		@NestedConfigurationProperty
		private final ServerLimitsProperties limits = new ServerLimitsProperties();

		@NestedConfigurationProperty
		private final ServerAccessProperties access = new ServerAccessProperties();

		@NestedConfigurationProperty
		private final ServerSocketFileProperties socketFile = new ServerSocketFileProperties();

		@NestedConfigurationProperty
		private final ServerForkProperties fork = new ServerForkProperties();

		@NestedConfigurationProperty
		private final ServerSslProperties ssl = new ServerSslProperties();

		@NestedConfigurationProperty
		private final ServerProxyProtocolProperties proxyProtocol = new ServerProxyProtocolProperties();

		@NestedConfigurationProperty
		private final ServerFramingProperties framing = new ServerFramingProperties();

		/**
		 * Creates the settings with their defaults, for the binder to fill in.
		 */
		public Server() {
		}

		/**
		 * {@return the address family of the socket}
		 */
		public AddressFamily getFamily() {
			return this.family;
		}

		/**
		 * Sets the address family of the socket.
		 * @param family inet, inet6 or unix
		 */
		public void setFamily(AddressFamily family) {
			this.family = family;
		}

		/**
		 * {@return the type of the socket}
		 */
		public SocketType getType() {
			return this.type;
		}

		/**
		 * Sets the type of the socket.
		 * @param type stream or datagram
		 */
		public void setType(SocketType type) {
			this.type = type;
		}

		/**
		 * {@return the address to listen on, for inet and inet6 servers, {@code null} for
		 * every interface}
		 */
		public @Nullable String getHost() {
			return this.host;
		}

		/**
		 * Sets the address to listen on, for inet and inet6 servers, {@code null} for
		 * every interface.
		 * @param host the host name or address
		 */
		public void setHost(@Nullable String host) {
			this.host = host;
		}

		/**
		 * {@return the port to listen on, for inet and inet6 servers, 0 for a free one}
		 */
		public @Nullable Integer getPort() {
			return this.port;
		}

		/**
		 * Sets the port to listen on, for inet and inet6 servers, 0 for a free one.
		 * @param port the port
		 */
		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		/**
		 * {@return the path of the socket file, for unix servers}
		 */
		public @Nullable Path getPath() {
			return this.path;
		}

		/**
		 * Sets the path of the socket file, for unix servers.
		 * @param path the path
		 */
		public void setPath(@Nullable Path path) {
			this.path = path;
		}

		/**
		 * {@return how requests run, {@code null} to choose from the virtual-threads
		 * setting}
		 */
		public Threading.@Nullable Mode getThreading() {
			return this.threading;
		}

		/**
		 * Sets how requests run, {@code null} to choose from the virtual-threads setting.
		 * @param threading the threading mode
		 */
		public void setThreading(Threading.@Nullable Mode threading) {
			this.threading = threading;
		}

		/**
		 * {@return whether the server starts with the application context}
		 */
		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		/**
		 * Sets whether the server starts with the application context.
		 * @param autoStartup whether it starts
		 */
		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		/**
		 * {@return whether the server is created at all}
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Sets whether the server is created at all.
		 * @param enabled whether it is created
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * {@return the command run per request in the fork mode: the program and its
		 * arguments}
		 */
		public List<String> getCommand() {
			return this.command;
		}

		/**
		 * Sets the command run per request in the fork mode: the program and its
		 * arguments.
		 * @param command the program and its arguments
		 */
		public void setCommand(List<String> command) {
			this.command = command;
		}

		/**
		 * {@return where the socket comes from}
		 */
		public InheritedSocketSource getInherit() {
			return this.inherit;
		}

		/**
		 * Sets where the socket comes from.
		 * @param inherit none, systemd or stdin
		 */
		public void setInherit(InheritedSocketSource inherit) {
			this.inherit = inherit;
		}

		/**
		 * {@return the name of the socket to take from systemd, or {@code null} for the
		 * server's name}
		 */
		public @Nullable String getInheritName() {
			return this.inheritName;
		}

		/**
		 * Sets the name of the socket to take from systemd.
		 * @param inheritName its name
		 */
		public void setInheritName(@Nullable String inheritName) {
			this.inheritName = inheritName;
		}

		/**
		 * {@return the options of the server's socket}
		 */
		public ServerSocketProperties getSocket() {
			return this.socket;
		}

		/**
		 * {@return the thread pool, for the pool threading mode}
		 */
		public ServerPoolProperties getPool() {
			return this.pool;
		}

		/**
		 * {@return the cap of the thread threading mode}
		 */
		public ServerThreadProperties getThread() {
			return this.thread;
		}

		/**
		 * {@return how the server stops}
		 */
		public ServerShutdownProperties getShutdown() {
			return this.shutdown;
		}

		/**
		 * {@return the bounds on the reads of a stream handler}
		 */
		public ServerStreamProperties getStream() {
			return this.stream;
		}

		/**
		 * {@return the settings of a datagram server}
		 */
		public ServerDatagramProperties getDatagram() {
			return this.datagram;
		}

		/**
		 * {@return how many requests the server takes at once}
		 */
		public ServerLimitsProperties getLimits() {
			return this.limits;
		}

		/**
		 * {@return who may connect}
		 */
		public ServerAccessProperties getAccess() {
			return this.access;
		}

		/**
		 * {@return the PROXY protocol header a load balancer sends}
		 */
		public ServerProxyProtocolProperties getProxyProtocol() {
			return this.proxyProtocol;
		}

		/**
		 * {@return the attributes of a unix server's socket file}
		 */
		public ServerSocketFileProperties getSocketFile() {
			return this.socketFile;
		}

		/**
		 * {@return the child processes, for the fork threading mode}
		 */
		public ServerForkProperties getFork() {
			return this.fork;
		}

		/**
		 * {@return the TLS settings}
		 */
		public ServerSslProperties getSsl() {
			return this.ssl;
		}

		/**
		 * {@return how the stream, or each datagram, is cut into frames}
		 */
		public ServerFramingProperties getFraming() {
			return this.framing;
		}

	}

}
