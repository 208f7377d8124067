package io.github.socketserver.autoconfigure;

import io.github.socketserver.handler.ErrorHandler;
import io.github.socketserver.handler.RequestVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.BaseServer;
import io.github.socketserver.ServerOptions;
import io.github.socketserver.SocketType;
import io.github.socketserver.TcpServer;
import io.github.socketserver.UdpServer;
import io.github.socketserver.UnixDatagramServer;
import io.github.socketserver.UnixStreamServer;
import io.github.socketserver.access.AddressFilter;
import io.github.socketserver.access.AddressRange;
import io.github.socketserver.access.PeerCredentialsFilter;
import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.ServerStatistics;
import io.github.socketserver.fork.ChildCommand;
import io.github.socketserver.fork.DatagramCommandHandler;
import io.github.socketserver.fork.StreamCommandHandler;
import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Turns the properties of a server into {@link ServerOptions}, lets the customizers have
 * their say, and creates the server, not yet bound.
 */
final class SocketServerFactory {

	static final int DEFAULT_QUEUE_SIZE = 128;

	static final int DEFAULT_MAX_THREADS = 200;

	static final int DEFAULT_QUEUE_CAPACITY = 100;

	static final int DEFAULT_MAX_CONNECTIONS = 10_000;

	static final int DEFAULT_MAX_CHILDREN = 40;

	static final Duration DEFAULT_MAX_CHILDREN_WAIT = Duration.ofSeconds(10);

	private final Environment environment;

	private final List<SocketServerCustomizer> customizers;

	private final List<RequestVerifier> verifiers;

	private final List<ErrorHandler> errorHandlers;

	SocketServerFactory(Environment environment, List<SocketServerCustomizer> customizers,
			List<RequestVerifier> verifiers, List<ErrorHandler> errorHandlers) {
		this.environment = environment;
		this.customizers = customizers;
		this.verifiers = verifiers;
		this.errorHandlers = errorHandlers;
	}

	/**
	 * The threading mode of a server: the configured one, or Spring's convention.
	 */
	Threading.Mode threadingMode(SocketServerProperties.Server properties) {
		if (properties.getThreading() != null) {
			return properties.getThreading();
		}
		return org.springframework.boot.thread.Threading.VIRTUAL.isActive(this.environment) ? Threading.Mode.VIRTUAL
				: Threading.Mode.POOL;
	}

	/**
	 * The handler of a fork server: the configured command, per connection or per
	 * datagram.
	 */
	private static Supplier<RequestHandler<?>> commandHandlers(SocketServerProperties.Server properties) {
		ChildCommand command = new ChildCommand(properties.getCommand(), properties.getWorkingDirectory(),
				properties.getEnvironment(), properties.getTimeLimit());
		RequestHandler<?> handler = (properties.getType() == SocketType.STREAM) ? new StreamCommandHandler(command)
				: new DatagramCommandHandler(command);
		return () -> handler;
	}

	/**
	 * Validates the settings of a server and creates it, not yet bound.
	 * @param name the server's name
	 * @param properties its settings
	 * @param handlers its handler beans, {@code null} for a fork server, which runs its
	 * command
	 * @return the server
	 */
	ManagedSocketServer create(String name, SocketServerProperties.Server properties,
			@Nullable Supplier<RequestHandler<?>> handlers) {
		Threading.Mode mode = threadingMode(properties);
		ServerPropertiesValidator.validate(name, properties, mode);
		if (handlers == null) {
			handlers = commandHandlers(properties);
		}
		ServerOptions options = options(name, properties, mode);
		ServerStatistics statistics = new ServerStatistics();
		options.addListener(statistics);
		this.customizers.forEach((customizer) -> customizer.customize(options));
		try {
			// The same options and handlers for each restart: customizers run once.
			Supplier<RequestHandler<?>> serverHandlers = handlers;
			return new ManagedSocketServer(() -> server(name, properties, options, serverHandlers),
					properties.getPollInterval(), properties.isAutoStartup(), properties.getShutdownTimeout(),
					statistics);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Socket server '" + name + "' could not open its socket", ex);
		}
	}

	private ServerOptions options(String name, SocketServerProperties.Server properties, Threading.Mode mode) {
		boolean unix = properties.getFamily() == AddressFamily.UNIX;
		ServerOptions options = new ServerOptions().name(name)
			.threading(threading(properties, mode))
			.allowReuseAddress(properties.isReuseAddress() && !unix)
			.allowReusePort(Boolean.TRUE.equals(properties.getReusePort()))
			.requestQueueSize(Objects.requireNonNullElse(properties.getQueueSize(), DEFAULT_QUEUE_SIZE))
			.shutdownTimeout(properties.getShutdownTimeout())
			.readTimeout(properties.getReadTimeout())
			.idleTimeout(properties.getIdleTimeout())
			.tcpNoDelay(!unix && Objects.requireNonNullElse(properties.getTcpNoDelay(), true));
		if (properties.getMaxPacketSize() != null) {
			options.maxPacketSize(properties.getMaxPacketSize());
		}
		if (properties.getMaxLineLength() != null) {
			options.maxLineLength(properties.getMaxLineLength());
		}
		if (properties.getReceiveBufferSize() != null) {
			options.receiveBufferSize(properties.getReceiveBufferSize());
		}
		if (properties.getSendBufferSize() != null) {
			options.sendBufferSize(properties.getSendBufferSize());
		}
		boolean stream = properties.getType() == SocketType.STREAM;
		options.maxRequests(Objects.requireNonNullElse(
				stream ? properties.getMaxConnections() : properties.getMaxRequests(), DEFAULT_MAX_CONNECTIONS));
		if (properties.getMaxConnectionsPerClient() != null) {
			options.maxRequestsPerClient(properties.getMaxConnectionsPerClient());
		}
		if (properties.getSocketPermissions() != null) {
			options.socketFilePermissions(PosixFilePermissions.fromString(properties.getSocketPermissions()));
		}
		options.socketFileGroup(properties.getSocketGroup());
		List<RequestVerifier> verifiers = new ArrayList<>();
		if (!properties.getAllow().isEmpty() || !properties.getDeny().isEmpty()) {
			verifiers.add(new AddressFilter(properties.getAllow().stream().map(AddressRange::parse).toList(),
					properties.getDeny().stream().map(AddressRange::parse).toList()));
		}
		if (!properties.getAllowedUsers().isEmpty() || !properties.getAllowedGroups().isEmpty()) {
			verifiers.add(new PeerCredentialsFilter(Set.copyOf(properties.getAllowedUsers()),
					Set.copyOf(properties.getAllowedGroups())));
		}
		verifiers.addAll(this.verifiers);
		if (!verifiers.isEmpty()) {
			List<RequestVerifier> all = List.copyOf(verifiers);
			options.verifier((request) -> all.stream().allMatch((verifier) -> verifier.verifyRequest(request)));
		}
		if (!this.errorHandlers.isEmpty()) {
			List<ErrorHandler> all = List.copyOf(this.errorHandlers);
			options.errorHandler(
					(request, exception) -> all.forEach((handler) -> handler.handleError(request, exception)));
		}
		return options;
	}

	private static Threading threading(SocketServerProperties.Server properties, Threading.Mode mode) {
		Threading threading = switch (mode) {
			case SYNC -> Threading.sync();
			case THREAD -> Threading.thread();
			case VIRTUAL -> Threading.virtual();
			case POOL -> Threading.pool(Objects.requireNonNullElse(properties.getMaxThreads(), DEFAULT_MAX_THREADS),
					Objects.requireNonNullElse(properties.getQueueCapacity(), DEFAULT_QUEUE_CAPACITY));
			case FORK -> Threading.fork(Objects.requireNonNullElse(properties.getMaxChildren(), DEFAULT_MAX_CHILDREN),
					Objects.requireNonNullElse(properties.getMaxChildrenWait(), DEFAULT_MAX_CHILDREN_WAIT));
		};
		return threading.daemonThreads(properties.isDaemonThreads() || mode == Threading.Mode.VIRTUAL)
			.blockOnClose(properties.isBlockOnClose());
	}

	@SuppressWarnings("unchecked")
	private BaseServer<?> server(String name, SocketServerProperties.Server properties, ServerOptions options,
			Supplier<RequestHandler<?>> handlers) throws IOException {
		Supplier<RequestHandler<StreamRequest>> streamHandlers = () -> (RequestHandler<StreamRequest>) handlers.get();
		Supplier<RequestHandler<DatagramRequest>> datagramHandlers = () -> (RequestHandler<DatagramRequest>) handlers
			.get();
		boolean stream = properties.getType() == SocketType.STREAM;
		if (properties.getFamily() == AddressFamily.UNIX) {
			return stream ? new UnixStreamServer(properties.getPath(), streamHandlers, options, false)
					: new UnixDatagramServer(properties.getPath(), datagramHandlers, options, false);
		}
		InetSocketAddress address = new InetSocketAddress(host(name, properties), properties.getPort());
		return stream ? new TcpServer(address, streamHandlers, options, false)
				: new UdpServer(address, datagramHandlers, options, false);
	}

	private static InetAddress host(String name, SocketServerProperties.Server properties) {
		boolean inet6 = properties.getFamily() == AddressFamily.INET6;
		String host = (properties.getHost() != null) ? properties.getHost() : (inet6 ? "::" : "0.0.0.0");
		InetAddress address;
		try {
			address = InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			throw new InvalidConfigurationPropertyValueException("socketserver.servers." + name + ".host", host,
					"The host cannot be resolved: use an IP address or a resolvable name");
		}
		if (inet6 != (address instanceof Inet6Address)) {
			throw new InvalidConfigurationPropertyValueException("socketserver.servers." + name + ".host", host,
					"The host is an " + (inet6 ? "IPv4" : "IPv6") + " address but 'family' is "
							+ properties.getFamily().name().toLowerCase() + ": set 'family' to "
							+ (inet6 ? "inet" : "inet6") + ", or use an address of that family");
		}
		return address;
	}

}
