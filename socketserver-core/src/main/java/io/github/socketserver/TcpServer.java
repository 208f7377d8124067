package io.github.socketserver;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Supplier;

import io.github.socketserver.connection.Connection;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.message.MessageStreamHandler;
import io.github.socketserver.options.ServerOptions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server, Python's {@code TCPServer}: each accepted connection is one request.
 * <p>
 * The address family follows the address: an IPv6 address gives an {@code inet6} server,
 * and {@code ::} listens on IPv6 and IPv4 at once. After the handler, the server closes
 * {@code wfile} (sending what waits in it), shuts the connection's output down and closes
 * it.
 *
 * @since 0.1.0
 */
public class TcpServer extends BaseServer<StreamRequest> {

	private static final Logger logger = LoggerFactory.getLogger(TcpServer.class);

	private final ServerSocketChannel channel;

	private final SocketAddress address;

	private final AddressFamily family;

	private final boolean inherited;

	/**
	 * Creates a server bound to {@code address} with default options (sync, Python's
	 * defaults), sharing one handler between all connections.
	 * @param address the address to listen on; port 0 for a free one
	 * @param handler the shared handler
	 * @throws IOException if binding fails
	 */
	public TcpServer(InetSocketAddress address, RequestHandler<StreamRequest> handler) throws IOException {
		this(address, MessageStreamHandler.shared(handler), ServerOptions.defaults(), true);
	}

	/**
	 * Creates a server bound to {@code address}, sharing one handler between all
	 * connections.
	 * @param address the address to listen on; port 0 for a free one
	 * @param handler the shared handler
	 * @param options the settings
	 * @throws IOException if binding fails
	 */
	public TcpServer(InetSocketAddress address, RequestHandler<StreamRequest> handler, ServerOptions options)
			throws IOException {
		this(address, MessageStreamHandler.shared(handler), options, true);
	}

	/**
	 * Creates a server that asks {@code handlers} for the handler of each connection.
	 * @param address the address to listen on; port 0 for a free one
	 * @param handlers gives each connection its handler, as Python's
	 * {@code RequestHandlerClass}
	 * @param options the settings
	 * @param bindAndActivate false to leave binding to {@link #bindAndActivate()}
	 * @throws IOException if binding fails; the socket is then closed
	 */
	public TcpServer(InetSocketAddress address, Supplier<? extends RequestHandler<StreamRequest>> handlers,
			ServerOptions options, boolean bindAndActivate) throws IOException {
		this(address, (address.getAddress() instanceof Inet6Address) ? AddressFamily.INET6 : AddressFamily.INET,
				handlers, options, bindAndActivate);
	}

	/**
	 * Creates a stream server of any family, for {@link UnixStreamServer}.
	 * @param address the address to listen on
	 * @param family its family
	 * @param handlers gives each connection its handler
	 * @param options the settings
	 * @param bindAndActivate false to leave binding to {@link #bindAndActivate()}
	 * @throws IOException if the socket cannot be opened or bound
	 */
	protected TcpServer(SocketAddress address, AddressFamily family,
			Supplier<? extends RequestHandler<StreamRequest>> handlers, ServerOptions options, boolean bindAndActivate)
			throws IOException {
		this(ServerSocketChannel.open(switch (family) {
			case INET -> StandardProtocolFamily.INET;
			case INET6 -> StandardProtocolFamily.INET6;
			case UNIX -> StandardProtocolFamily.UNIX;
		}), address, family, false, handlers, options, bindAndActivate);
	}

	/**
	 * Creates a server on a socket that is already bound and listening, inherited from a
	 * supervisor such as systemd: {@link #serverBind()} leaves it as it is, and
	 * {@link #close()} closes the server's descriptor of it and nothing more.
	 * @param listening the bound, listening channel
	 * @param family its family
	 * @param handlers gives each connection its handler
	 * @param options the settings; the socket options among them are the supervisor's to
	 * set
	 * @throws IOException if the channel cannot be read or made non-blocking
	 */
	protected TcpServer(ServerSocketChannel listening, AddressFamily family,
			Supplier<? extends RequestHandler<StreamRequest>> handlers, ServerOptions options) throws IOException {
		this(listening, listening.getLocalAddress(), family, true, handlers, options, false);
	}

	private TcpServer(ServerSocketChannel channel, SocketAddress address, AddressFamily family, boolean inherited,
			Supplier<? extends RequestHandler<StreamRequest>> handlers, ServerOptions options, boolean bindAndActivate)
			throws IOException {
		super(handlers, options);
		this.address = address;
		this.family = family;
		this.inherited = inherited;
		this.channel = channel;
		this.channel.configureBlocking(false);
		if (bindAndActivate) {
			bindAndActivate();
		}
	}

	/**
	 * Creates a TCP server on a socket inherited bound and listening from a supervisor;
	 * the family follows the address the socket is bound to.
	 * @param listening the bound, listening channel
	 * @param handlers gives each connection its handler
	 * @param options the settings
	 * @throws IOException if the channel cannot be read or made non-blocking
	 */
	public TcpServer(ServerSocketChannel listening, Supplier<? extends RequestHandler<StreamRequest>> handlers,
			ServerOptions options) throws IOException {
		this(listening, inetFamily(listening.getLocalAddress()), handlers, options);
	}

	static AddressFamily inetFamily(SocketAddress bound) {
		return (bound instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet6Address)
				? AddressFamily.INET6 : AddressFamily.INET;
	}

	@Override
	public ServerSocketChannel channel() {
		return this.channel;
	}

	@Override
	public SocketAddress serverAddress() {
		return ServerSockets.boundAddress(this.channel, name());
	}

	@Override
	public SocketAddress requestedAddress() {
		return this.address;
	}

	@Override
	public AddressFamily addressFamily() {
		return this.family;
	}

	@Override
	public SocketType socketType() {
		return SocketType.STREAM;
	}

	@Override
	public boolean isInherited() {
		return this.inherited;
	}

	/**
	 * Binds and listens, unless the socket was inherited: then the supervisor did both.
	 */
	@Override
	public void serverBind() throws IOException {
		if (this.inherited) {
			return;
		}
		if (this.family != AddressFamily.UNIX) {
			this.channel.setOption(StandardSocketOptions.SO_REUSEADDR, options().socket().allowReuseAddress());
		}
		if (options().socket().allowReusePort()) {
			if (!this.channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
				throw new UnsupportedOperationException(
						"SO_REUSEPORT is not supported for " + this.family + " sockets on this system");
			}
			this.channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
		}
		if (options().socket().receiveBufferSize() > 0) {
			this.channel.setOption(StandardSocketOptions.SO_RCVBUF, options().socket().receiveBufferSize());
		}
		this.channel.bind(bindAddress(), options().socket().requestQueueSize());
	}

	/**
	 * The address {@link #serverBind()} binds: the requested one, unless a subclass binds
	 * elsewhere first (see {@link UnixStreamServer}).
	 * @return the address to bind
	 */
	protected SocketAddress bindAddress() {
		return this.address;
	}

	@Override
	protected void serverClose() {
		ServerSockets.close(this.channel, name());
	}

	@Override
	protected @Nullable StreamRequest getRequest() throws IOException {
		SocketChannel connection = this.channel.accept();
		if (connection == null) {
			return null;
		}
		try {
			connection.configureBlocking(true);
			if (options().socket().sendBufferSize() > 0) {
				connection.setOption(StandardSocketOptions.SO_SNDBUF, options().socket().sendBufferSize());
			}
			SocketAddress client = connection.getRemoteAddress();
			Connection accepted = Connection.accepted(connection, client, options().listener(),
					options().stream().writeTimeout());
			StreamRequest request = new StreamRequest(accepted, requestServer(), options().stream().maxLineLength());
			options().listener().connectionOpened(request);
			return request;
		}
		catch (IOException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

	@Override
	protected void prepareRequest(StreamRequest request, RequestHandler<? super StreamRequest> handler)
			throws IOException {
		Duration timeout = options().stream().readTimeout();
		boolean noDelay = options().socket().tcpNoDelay();
		if (handler instanceof StreamRequestHandler streamHandler) {
			timeout = (streamHandler.timeout() != null) ? streamHandler.timeout() : timeout;
			noDelay = noDelay || streamHandler.disableNagleAlgorithm();
		}
		if (timeout != null) {
			request.setReadTimeout(timeout);
		}
		request.setIdleTimeout(options().stream().idleTimeout());
		if (noDelay && this.family != AddressFamily.UNIX) {
			request.socket().setOption(StandardSocketOptions.TCP_NODELAY, true);
		}
	}

	/**
	 * Closes {@code wfile}, which sends what the handler left in it and makes a later
	 * write fail, ends the transport's output (TLS sends {@code close_notify}), shuts the
	 * output down so the client sees the end of the stream, and closes the connection.
	 */
	@Override
	protected void shutdownRequest(StreamRequest request) {
		try {
			request.wfile().close();
			request.transport().shutdownOutput();
			request.socket().shutdownOutput();
		}
		catch (IOException ex) {
			// The client went away first: nothing left to tell it.
			logger.debug("Ending the connection from {} on server '{}' failed", LogText.escape(request.clientAddress()),
					name(), ex);
		}
		closeRequest(request);
	}

	@Override
	protected void closeRequest(StreamRequest request) {
		boolean first = true;
		try {
			first = request.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the connection from {} on server '{}' failed",
					LogText.escape(request.clientAddress()), name(), ex);
		}
		if (first) {
			options().listener().connectionClosed(request, System.nanoTime() - request.openedAt());
		}
	}

}
