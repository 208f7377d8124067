package io.github.socketserver.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.BaseServer;
import io.github.socketserver.SocketType;
import io.github.socketserver.TcpServer;
import io.github.socketserver.UdpServer;
import io.github.socketserver.UnixDatagramServer;
import io.github.socketserver.UnixStreamServer;
import io.github.socketserver.access.AddressFilter;
import io.github.socketserver.access.AddressRange;
import io.github.socketserver.access.PeerCredentialsFilter;
import io.github.socketserver.autoconfigure.SocketServerProperties.Server;
import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.ServerStatistics;
import io.github.socketserver.fork.ChildCommand;
import io.github.socketserver.fork.DatagramCommandHandler;
import io.github.socketserver.fork.StreamCommandHandler;
import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.ErrorHandler;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.handler.RequestVerifier;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.inherit.InheritedSocketException;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.message.MessageStreamHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.proxy.ProxyProtocolLayer;
import io.github.socketserver.proxy.ProxyProtocolMode;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Turns the properties of a server into {@link ServerOptions}, lets the customizers have
 * their say, and creates the server, not yet bound. The properties come validated by
 * {@link ServerPropertiesValidator}; every option is set from them, so no default of the
 * core applies unseen.
 */
final class SocketServerFactory {

	private final Environment environment;

	private final List<SocketServerCustomizer> customizers;

	private final List<RequestVerifier> verifiers;

	private final List<ErrorHandler> errorHandlers;

	private final ServerTls tls;

	private final FrameCodecs codecs;

	SocketServerFactory(Environment environment, List<SocketServerCustomizer> customizers,
			List<RequestVerifier> verifiers, List<ErrorHandler> errorHandlers) {
		this(environment, customizers, verifiers, errorHandlers, ServerTls.NONE, new FrameCodecs(null));
	}

	SocketServerFactory(Environment environment, List<SocketServerCustomizer> customizers,
			List<RequestVerifier> verifiers, List<ErrorHandler> errorHandlers, ServerTls tls, FrameCodecs codecs) {
		this.environment = environment;
		this.customizers = customizers;
		this.verifiers = verifiers;
		this.errorHandlers = errorHandlers;
		this.tls = tls;
		this.codecs = codecs;
	}

	/**
	 * The threading mode of a server: the configured one, or Spring's convention.
	 */
	Threading.Mode threadingMode(Server properties) {
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
	private static Supplier<RequestHandler<?>> commandHandlers(Server properties, SocketServerListener listener) {
		ServerForkProperties fork = properties.getFork();
		ChildCommand command = new ChildCommand(properties.getCommand(), fork.getWorkingDirectory(),
				fork.getEnvironment(), fork.getTimeLimit(), fork.isInheritEnvironment());
		RequestHandler<?> handler = (properties.getType() == SocketType.STREAM)
				? new StreamCommandHandler(command, listener) : new DatagramCommandHandler(command, listener);
		return () -> handler;
	}

	/**
	 * Creates a server from its validated settings, not yet bound.
	 * @param name the server's name
	 * @param properties its settings, already validated
	 * @param binding its handler bean, {@code null} for a fork server, which runs its
	 * command
	 * @return the server
	 */
	ManagedSocketServer create(String name, Server properties, SocketHandlerBeans.@Nullable Binding binding) {
		Supplier<RequestHandler<?>> handlers = (binding != null) ? binding.handlers() : null;
		ServerOptions.Builder builder = options(name, properties, threadingMode(properties));
		ServerFramingProperties framing = properties.getFraming();
		boolean messageHandler = binding != null && binding.messageHandler();
		if (messageHandler && properties.getType() == SocketType.STREAM) {
			FrameCodecs.refuseLineLength(name, properties.getStream());
		}
		else {
			FrameCodecs.refuseLoops(name, framing);
		}
		builder.codec(this.codecs.codec(name, framing, properties.getType(), messageHandler))
			.charset(framing.getCharset())
			.messageLoops(framing.getLoops());
		ServerStatistics statistics = new ServerStatistics();
		builder.addListener(statistics);
		this.customizers.forEach((customizer) -> customizer.customize(builder));
		ServerOptions options = builder.build();
		if (handlers == null) {
			handlers = commandHandlers(properties, options.listener());
		}
		try {
			// The same options and handlers for each restart: customizers run once.
			Supplier<RequestHandler<?>> serverHandlers = handlers;
			ServerShutdownProperties shutdown = properties.getShutdown();
			if (properties.getInherit() != InheritedSocketSource.NONE) {
				InheritedServers inherited = new InheritedServers(name, properties);
				return new ManagedSocketServer(() -> inherited.create(options, serverHandlers),
						shutdown.getPollInterval(), properties.isAutoStartup(), shutdown.getTimeout(), statistics);
			}
			return new ManagedSocketServer(() -> server(name, properties, options, serverHandlers),
					shutdown.getPollInterval(), properties.isAutoStartup(), shutdown.getTimeout(), statistics);
		}
		catch (InheritedSocketException ex) {
			// The message names the server and what the supervisor passed.
			throw new UncheckedIOException(ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Socket server '" + name + "' could not open its socket", ex);
		}
	}

	/**
	 * Sets every option from the properties. Python's {@code timeout} is left alone: it
	 * bounds {@code handleRequest()} only, and a managed server serves forever.
	 */
	private ServerOptions.Builder options(String name, Server properties, Threading.Mode mode) {
		PropertyMapper map = PropertyMapper.get();
		boolean unix = properties.getFamily() == AddressFamily.UNIX;
		boolean stream = properties.getType() == SocketType.STREAM;
		ServerOptions.Builder options = ServerOptions.builder().name(name).threading(threading(properties, mode));
		ServerSocketProperties socket = properties.getSocket();
		map.from(socket::isReuseAddress).as((reuse) -> reuse && !unix).to(options::allowReuseAddress);
		map.from(socket::isReusePort).to(options::allowReusePort);
		map.from(socket::getQueueSize).to(options::requestQueueSize);
		map.from(socket::getReceiveBufferSize)
			.always()
			.as(SocketServerFactory::bytesOrSystem)
			.to(options::receiveBufferSize);
		map.from(socket::getSendBufferSize).always().as(SocketServerFactory::bytesOrSystem).to(options::sendBufferSize);
		map.from(socket::isTcpNoDelay).as((noDelay) -> noDelay && !unix).to(options::tcpNoDelay);
		ServerStreamProperties streamProperties = properties.getStream();
		map.from(streamProperties::getReadTimeout).always().to(options::readTimeout);
		map.from(streamProperties::getIdleTimeout).always().to(options::idleTimeout);
		map.from(streamProperties::getMaxLineLength).as(SocketServerFactory::bytes).to(options::maxLineLength);
		map.from(streamProperties::getWriteTimeout)
			.as((timeout) -> timeout.isZero() ? null : timeout)
			.always()
			.to(options::writeTimeout);
		map.from(properties.getDatagram()::getMaxPacketSize).as(SocketServerFactory::bytes).to(options::maxPacketSize);
		map.from(properties.getDatagram()::getOversize).to(options::oversize);
		map.from(properties.getDatagram()::getReceivers).to(options::datagramReceivers);
		map.from(properties.getShutdown()::getTimeout).to(options::shutdownTimeout);
		ServerLimitsProperties limits = properties.getLimits();
		map.from(stream ? limits.getMaxConnections() : limits.getMaxRequests()).to(options::maxRequests);
		// 0: no limit per client.
		map.from(limits::getMaxConnectionsPerClient).orFrom(() -> 0).to(options::maxRequestsPerClient);
		map.from(limits::getIpv6ClientPrefix).to(options::ipv6ClientPrefix);
		ServerSocketFileProperties socketFile = properties.getSocketFile();
		map.from(socketFile::getPermissions)
			.always()
			.as((permissions) -> (permissions != null) ? PosixFilePermissions.fromString(permissions) : null)
			.to(options::socketFilePermissions);
		map.from(socketFile::getGroup).always().to(options::socketFileGroup);
		proxyProtocol(properties.getProxyProtocol(), options);
		map.from(verifier(properties.getAccess())).to(options::verifier);
		map.from(errorHandler()).always().to(options::errorHandler);
		map.from(this.tls.layer(name, properties.getSsl())).to(options::addLayer);
		return options;
	}

	/**
	 * The address and peer-credential lists of the properties, then the verifier beans: a
	 * request must pass them all.
	 */
	private RequestVerifier verifier(ServerAccessProperties access) {
		List<RequestVerifier> verifiers = new ArrayList<>();
		if (!access.getAllow().isEmpty() || !access.getDeny().isEmpty()) {
			verifiers.add(new AddressFilter(access.getAllow().stream().map(AddressRange::parse).toList(),
					access.getDeny().stream().map(AddressRange::parse).toList()));
		}
		if (!access.getAllowedUsers().isEmpty() || !access.getAllowedGroups().isEmpty()) {
			verifiers.add(new PeerCredentialsFilter(Set.copyOf(access.getAllowedUsers()),
					Set.copyOf(access.getAllowedGroups())));
		}
		verifiers.addAll(this.verifiers);
		if (verifiers.size() < 2) {
			return verifiers.isEmpty() ? (request) -> true : verifiers.get(0);
		}
		List<RequestVerifier> all = List.copyOf(verifiers);
		return (request) -> all.stream().allMatch((verifier) -> verifier.verifyRequest(request));
	}

	/**
	 * The PROXY protocol layer, first in the connection path: what comes after it (access
	 * checks, TLS) sees the client behind the balancer.
	 */
	private static void proxyProtocol(ServerProxyProtocolProperties proxy, ServerOptions.Builder options) {
		if (proxy.getMode() != ProxyProtocolMode.OFF) {
			options.addLayer(new ProxyProtocolLayer(proxy.getMode(),
					proxy.getTrusted().stream().map(AddressRange::parse).toList(), proxy.getHeaderTimeout()));
		}
	}

	/**
	 * The error handler beans, in order; {@code null} when there are none, for the server
	 * to log the error.
	 */
	private @Nullable ErrorHandler errorHandler() {
		if (this.errorHandlers.isEmpty()) {
			return null;
		}
		List<ErrorHandler> all = List.copyOf(this.errorHandlers);
		return (request, exception) -> all.forEach((handler) -> handler.handleError(request, exception));
	}

	private static Threading threading(Server properties, Threading.Mode mode) {
		ServerPoolProperties pool = properties.getPool();
		ServerForkProperties fork = properties.getFork();
		Threading threading = switch (mode) {
			case SYNC -> Threading.sync();
			case THREAD -> Threading.thread(properties.getThread().getMaxThreads());
			case VIRTUAL -> Threading.virtual();
			case POOL -> Threading.pool(pool.getMaxThreads(), pool.getQueueCapacity());
			case FORK -> Threading.fork(fork.getMaxChildren(), fork.getMaxChildrenWait());
		};
		ServerShutdownProperties shutdown = properties.getShutdown();
		return threading.daemonThreads(shutdown.isDaemonThreads() || mode == Threading.Mode.VIRTUAL)
			.blockOnClose(shutdown.isBlockOnClose());
	}

	/**
	 * A size in bytes, as the options count it; the validator has refused larger ones.
	 */
	private static int bytes(DataSize size) {
		return Math.toIntExact(size.toBytes());
	}

	/**
	 * A socket buffer size in bytes, or 0 for the system's.
	 */
	private static int bytesOrSystem(@Nullable DataSize size) {
		return (size != null) ? bytes(size) : 0;
	}

	@SuppressWarnings("unchecked")
	private BaseServer<?> server(String name, Server properties, ServerOptions options,
			Supplier<RequestHandler<?>> handlers) throws IOException {
		// A message handler's binding supplies itself, for the server to run its engine.
		Supplier<? extends RequestHandler<StreamRequest>> streamHandlers = (((Object) handlers) instanceof MessageStreamHandler binding)
				? binding : () -> (RequestHandler<StreamRequest>) handlers.get();
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

	private static InetAddress host(String name, Server properties) {
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
