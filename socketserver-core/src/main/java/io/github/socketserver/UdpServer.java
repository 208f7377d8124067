package io.github.socketserver;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.logging.LogThrottle;
import io.github.socketserver.options.ServerOptions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP server, Python's {@code UDPServer}: each datagram is one request.
 * <p>
 * Datagrams larger than the {@code maxPacketSize} option are dropped, or cut to that size
 * as Python does, as the {@code oversize} option says; either way counted and logged.
 * What the handler writes to {@code wfile} goes back to the client as one datagram when
 * the handler is done. Replies go out through the server's own socket, so closing waits
 * for the requests in flight before it releases that socket.
 * <p>
 * With the {@code receivers} option above 1 (and on Linux, which spreads the datagrams),
 * the server receives on that many sockets bound to one port with {@code SO_REUSEPORT},
 * each served by a loop of its own, answered through the socket it came in on: in the
 * sync mode, that many datagrams are handled at once, one per receiver; the other modes
 * hand each datagram on from the receiver that took it. {@link #channel()} and
 * {@link #getRequest()} are the first socket's; {@link #serveForever} and
 * {@link #handleRequest()} serve them all. A Unix socket, an inherited one, and a channel
 * a subclass hands to the constructor have a single receiver. See
 * {@link ReusePortReceivers} for how a port in use is still refused.
 *
 * @since 0.1.0
 */
public class UdpServer extends BaseServer<DatagramRequest> {

	private static final Logger logger = LoggerFactory.getLogger(UdpServer.class);

	private final DatagramChannel channel;

	private final SocketAddress address;

	private final AddressFamily family;

	private final boolean inherited;

	/**
	 * Whether the opener gives the one channel it was handed, not a new one each call:
	 * then the server has a single socket, as no other can be opened to join it.
	 */
	private final boolean givenChannel;

	/**
	 * The first socket, {@link #channel}, with its receive buffer.
	 */
	private final DatagramReceiver first;

	/**
	 * The sockets beyond the first, once bound.
	 */
	private volatile List<DatagramReceiver> others = List.of();

	private final ChannelOpener opener;

	private final OversizedDatagrams oversized;

	private final LogThrottle replyFailures = new LogThrottle();

	/**
	 * Creates a server bound to {@code address} with default options, sharing one
	 * handler.
	 * @param address the address to receive on; port 0 for a free one
	 * @param handler the shared handler
	 * @throws IOException if binding fails
	 */
	public UdpServer(InetSocketAddress address, RequestHandler<DatagramRequest> handler) throws IOException {
		this(address, () -> handler, ServerOptions.defaults(), true);
	}

	/**
	 * Creates a server bound to {@code address}, sharing one handler.
	 * @param address the address to receive on; port 0 for a free one
	 * @param handler the shared handler
	 * @param options the settings
	 * @throws IOException if binding fails
	 */
	public UdpServer(InetSocketAddress address, RequestHandler<DatagramRequest> handler, ServerOptions options)
			throws IOException {
		this(address, () -> handler, options, true);
	}

	/**
	 * Creates a server that asks {@code handlers} for the handler of each datagram.
	 * @param address the address to receive on; port 0 for a free one
	 * @param handlers gives each datagram its handler
	 * @param options the settings
	 * @param bindAndActivate false to leave binding to {@link #bindAndActivate()}
	 * @throws IOException if binding fails; the socket is then closed
	 */
	public UdpServer(InetSocketAddress address, Supplier<? extends RequestHandler<DatagramRequest>> handlers,
			ServerOptions options, boolean bindAndActivate) throws IOException {
		this(() -> openInet(address), address,
				(address.getAddress() instanceof Inet6Address) ? AddressFamily.INET6 : AddressFamily.INET, handlers,
				options, bindAndActivate);
	}

	/**
	 * Opens the channel of a datagram server.
	 */
	@FunctionalInterface
	protected interface ChannelOpener {

		/**
		 * Opens the channel, unbound.
		 * @return the channel
		 * @throws IOException if it cannot be opened
		 */
		DatagramChannel open() throws IOException;

	}

	/**
	 * Creates a datagram server on a channel of any family, for
	 * {@link UnixDatagramServer}.
	 * @param channel the unbound channel
	 * @param address the address to bind
	 * @param family its family
	 * @param handlers gives each datagram its handler
	 * @param options the settings
	 * @param bindAndActivate false to leave binding to {@link #bindAndActivate()}
	 * @throws IOException if binding fails
	 */
	protected UdpServer(DatagramChannel channel, SocketAddress address, AddressFamily family,
			Supplier<? extends RequestHandler<DatagramRequest>> handlers, ServerOptions options,
			boolean bindAndActivate) throws IOException {
		this(() -> channel, address, family, false, true, handlers, options, bindAndActivate);
	}

	/**
	 * Creates a datagram server on a channel of any family, opened once the server's
	 * threading has started, and closed if the rest of the construction fails: nothing
	 * leaks when a server cannot be made.
	 * @param opener opens the unbound channel
	 * @param address the address to bind
	 * @param family its family
	 * @param handlers gives each datagram its handler
	 * @param options the settings
	 * @param bindAndActivate false to leave binding to {@link #bindAndActivate()}
	 * @throws IOException if opening or binding fails
	 */
	protected UdpServer(ChannelOpener opener, SocketAddress address, AddressFamily family,
			Supplier<? extends RequestHandler<DatagramRequest>> handlers, ServerOptions options,
			boolean bindAndActivate) throws IOException {
		this(opener, address, family, false, false, handlers, options, bindAndActivate);
	}

	/**
	 * Creates a UDP server on a socket inherited bound from a supervisor such as systemd:
	 * {@link #serverBind()} leaves it as it is, and {@link #close()} closes the server's
	 * descriptor of it and nothing more. The family follows the bound address.
	 * @param bound the bound channel
	 * @param handlers gives each datagram its handler
	 * @param options the settings; the socket options among them are the supervisor's to
	 * set
	 * @throws IOException if the channel cannot be read or made non-blocking
	 */
	public UdpServer(DatagramChannel bound, Supplier<? extends RequestHandler<DatagramRequest>> handlers,
			ServerOptions options) throws IOException {
		this(() -> bound, bound.getLocalAddress(), TcpServer.inetFamily(bound.getLocalAddress()), true, true, handlers,
				options, false);
	}

	/**
	 * Creates a datagram server of any family on a socket inherited bound, for
	 * {@link UnixDatagramServer}.
	 * @param bound the bound channel
	 * @param family its family
	 * @param handlers gives each datagram its handler
	 * @param options the settings
	 * @throws IOException if the channel cannot be read or made non-blocking
	 */
	protected UdpServer(DatagramChannel bound, AddressFamily family,
			Supplier<? extends RequestHandler<DatagramRequest>> handlers, ServerOptions options) throws IOException {
		this(() -> bound, bound.getLocalAddress(), family, true, true, handlers, options, false);
	}

	private UdpServer(ChannelOpener opener, SocketAddress address, AddressFamily family, boolean inherited,
			boolean givenChannel, Supplier<? extends RequestHandler<DatagramRequest>> handlers, ServerOptions options,
			boolean bindAndActivate) throws IOException {
		super(handlers, options);
		this.address = address;
		this.family = family;
		this.inherited = inherited;
		this.givenChannel = givenChannel;
		this.opener = opener;
		this.channel = opener.open();
		try {
			this.oversized = new OversizedDatagrams(name(), options().listener());
			this.first = new DatagramReceiver(this.channel, options().datagram().maxPacketSize(), this.oversized);
			this.channel.configureBlocking(false);
		}
		catch (IOException | RuntimeException | Error ex) {
			ServerSockets.close(this.channel, name());
			throw ex;
		}
		if (bindAndActivate) {
			bindAndActivate();
		}
	}

	private static DatagramChannel openInet(InetSocketAddress address) throws IOException {
		return DatagramChannel.open((address.getAddress() instanceof Inet6Address) ? StandardProtocolFamily.INET6
				: StandardProtocolFamily.INET);
	}

	@Override
	public DatagramChannel channel() {
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
		return SocketType.DATAGRAM;
	}

	@Override
	public boolean isInherited() {
		return this.inherited;
	}

	/**
	 * Binds, unless the socket was inherited: then the supervisor did.
	 */
	@Override
	public void serverBind() throws IOException {
		if (this.inherited) {
			return;
		}
		configure(this.channel);
		int receivers = this.givenChannel ? 1
				: ReusePortReceivers.count(options().datagram(), this.family, false, this.channel);
		SocketAddress address = bindAddress();
		if (receivers > 1) {
			address = ReusePortReceivers.reserve(address, this.opener, !options().socket().allowReusePort());
			this.channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
		}
		this.channel.bind(address);
		if (receivers > 1) {
			List<DatagramReceiver> others = new ArrayList<>();
			for (DatagramChannel other : ReusePortReceivers.bindOthers(receivers, this.channel, this.opener,
					this::configure)) {
				others.add(new DatagramReceiver(other, options().datagram().maxPacketSize(), this.oversized));
			}
			this.others = others;
		}
	}

	private void configure(DatagramChannel socket) throws IOException {
		if (this.family != AddressFamily.UNIX) {
			socket.setOption(StandardSocketOptions.SO_REUSEADDR, options().socket().allowReuseAddress());
			if (options().socket().allowReusePort()) {
				socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			}
		}
		else if (options().socket().allowReusePort()) {
			throw new UnsupportedOperationException("SO_REUSEPORT is not supported for unix sockets");
		}
		if (options().socket().receiveBufferSize() > 0) {
			socket.setOption(StandardSocketOptions.SO_RCVBUF, options().socket().receiveBufferSize());
		}
		if (options().socket().sendBufferSize() > 0) {
			socket.setOption(StandardSocketOptions.SO_SNDBUF, options().socket().sendBufferSize());
		}
	}

	/**
	 * {@return how many sockets the server receives on: 1 until it is bound, or when it
	 * has a single one}
	 */
	public int receiverCount() {
		return 1 + this.others.size();
	}

	@Override
	List<ServingLoop.Receiver> receivers() {
		List<DatagramReceiver> others = this.others;
		List<ServingLoop.Receiver> all = new ArrayList<>(super.receivers());
		RequestDispatcher<DatagramRequest> dispatcher = dispatcher();
		for (DatagramReceiver other : others) {
			RequestDispatcher.Source<DatagramRequest> source = () -> receive(other);
			all.add(new ServingLoop.Receiver(other.channel(), () -> dispatcher.takeOne(source)));
		}
		return all;
	}

	/**
	 * The address {@link #serverBind()} binds: the requested one, unless a subclass binds
	 * elsewhere first (see {@link UnixDatagramServer}).
	 * @return the address to bind
	 */
	protected SocketAddress bindAddress() {
		return this.address;
	}

	@Override
	protected void serverClose() {
		ServerSockets.close(this.channel, name());
		for (DatagramReceiver other : this.others) {
			ServerSockets.close(other.channel(), name());
		}
	}

	/**
	 * Takes the next datagram of the first socket, {@link #channel()}.
	 */
	@Override
	protected @Nullable DatagramRequest getRequest() throws IOException {
		return receive(this.first);
	}

	private @Nullable DatagramRequest receive(DatagramReceiver receiver) throws IOException {
		return receiver.receive(options().datagram(), options().listener(), requestServer());
	}

	/**
	 * Sends the reply the handler wrote, if any.
	 */
	@Override
	protected void shutdownRequest(DatagramRequest request) {
		try {
			request.flush();
		}
		catch (IOException ex) {
			// A client that never reads its socket causes this: at a bounded rate.
			long count = this.replyFailures.tryLog();
			if (count > 0) {
				logger.warn("Server '{}' could not reply to {}: {} ({} such since the last report)", name(),
						LogText.escape(request.clientAddress()), LogText.escape(ex), count);
			}
		}
		closeRequest(request);
	}

}
