package io.github.socketserver.inherit;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.BaseServer;
import io.github.socketserver.SocketType;
import io.github.socketserver.TcpServer;
import io.github.socketserver.UdpServer;
import io.github.socketserver.UnixDatagramServer;
import io.github.socketserver.UnixStreamServer;
import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.inherit.ListenFds.PassedSocket;
import io.github.socketserver.inherit.SocketProbe.SocketKind;
import io.github.socketserver.message.MessageStreamHandler;
import io.github.socketserver.options.ServerOptions;

/**
 * A socket a supervisor opened, bound and passed to this process, checked against the
 * family and type a server declares, from which servers are created instead of binding.
 * <p>
 * Each server created gets a duplicate of the descriptor, so its close takes nothing from
 * the supervisor nor from the next server created here: the socket stays bound (and its
 * file in place) while the process restarts, and clients wait in its backlog meanwhile.
 * The TCP, UDP and Unix stream channels need the JVM option
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} (see {@link DescriptorChannels}).
 *
 * @since 0.1.0
 */
public final class InheritedSocket {

	private final String server;

	private final int descriptor;

	private final String origin;

	private final AddressFamily family;

	private final SocketType type;

	private InheritedSocket(String server, int descriptor, String origin, AddressFamily family, SocketType type) {
		this.server = server;
		this.descriptor = descriptor;
		this.origin = origin;
		this.family = family;
		this.type = type;
	}

	/**
	 * Finds a socket passed by systemd's socket activation, by name.
	 * @param server the server that takes it, for the messages
	 * @param name the socket's name ({@code FileDescriptorName=}); {@code name.socket}
	 * matches too
	 * @param family the family the server declares
	 * @param type the type the server declares
	 * @return the checked socket
	 * @throws InheritedSocketException if none by that name was passed to this process,
	 * or it is not of that family and type
	 */
	public static InheritedSocket systemd(String server, String name, AddressFamily family, SocketType type)
			throws InheritedSocketException {
		return systemd(server, name, family, type, System.getenv(), ProcessHandle.current().pid());
	}

	static InheritedSocket systemd(String server, String name, AddressFamily family, SocketType type,
			Map<String, String> environment, long pid) throws InheritedSocketException {
		ListenFds passed = ListenFds.read(environment, pid, server);
		List<PassedSocket> named = passed.find(name);
		if (named.isEmpty()) {
			throw new InheritedSocketException("Socket server '" + server + "' found no socket named '" + name
					+ "' among those systemd passed (" + passed.passed() + "): name it with FileDescriptorName=" + name
					+ " in the .socket unit (--fdname=" + name
					+ " for systemd-socket-activate), or set the server's 'inherit-name'");
		}
		PassedSocket socket = (named.size() == 1) ? named.get(0)
				: SameNamedSockets.choose(server, name, named, family, type, passed.passed());
		String origin = "descriptor " + socket.descriptor() + " named '" + socket.name() + "' (" + passed.passed()
				+ ")";
		return checked(server, socket.descriptor(), origin, family, type);
	}

	/**
	 * Takes the socket on standard input, as {@code StandardInput=socket} or inetd's
	 * {@code wait} mode passes it.
	 * @param server the server that takes it, for the messages
	 * @param family the family the server declares
	 * @param type the type the server declares
	 * @return the checked socket
	 * @throws InheritedSocketException if standard input is no socket of that family and
	 * type
	 */
	public static InheritedSocket standardInput(String server, AddressFamily family, SocketType type)
			throws InheritedSocketException {
		return checked(server, 0, "standard input (descriptor 0)", family, type);
	}

	private static InheritedSocket checked(String server, int descriptor, String origin, AddressFamily family,
			SocketType type) throws InheritedSocketException {
		SocketKind kind;
		try {
			kind = SocketProbe.probe(descriptor);
		}
		catch (IOException ex) {
			throw new InheritedSocketException(
					"Socket server '" + server + "' cannot inherit " + origin + ": " + ex.getMessage(), ex);
		}
		boolean listening = type == SocketType.DATAGRAM || kind.listening();
		if (kind.family() != family || kind.type() != type || !listening) {
			throw new InheritedSocketException("Socket server '" + server + "' is declared "
					+ family.name().toLowerCase() + " " + type.name().toLowerCase() + " but was passed " + origin
					+ ", a " + kind + " socket" + hint(kind, family, type));
		}
		return new InheritedSocket(server, descriptor, origin, family, type);
	}

	private static String hint(SocketKind kind, AddressFamily family, SocketType type) {
		if (kind.type() == type && kind.family() == AddressFamily.INET6 && family == AddressFamily.INET) {
			return ": systemd listens on IPv6 and IPv4 for a bare port; set the server's family to inet6, "
					+ "or listen on 0.0.0.0:<port> in the .socket unit";
		}
		if (kind.type() == type && type == SocketType.STREAM && kind.family() == family) {
			return ": a stream socket must be passed listening (ListenStream=, or systemd-socket-activate -l)";
		}
		return ": set the server's family and type to the socket's, or pass the socket the server declares";
	}

	/**
	 * Creates a stream server on a duplicate of the socket.
	 * @param handlers gives each connection its handler
	 * @param options the settings
	 * @return a {@link UnixStreamServer} for a Unix socket, a {@link TcpServer} otherwise
	 * @throws IOException if the descriptor cannot be wrapped in a channel
	 */
	public TcpServer streamServer(Supplier<? extends RequestHandler<StreamRequest>> handlers, ServerOptions options)
			throws IOException {
		requireType(SocketType.STREAM);
		ServerSocketChannel channel = wrap(() -> DescriptorChannels.serverSocket(this.descriptor, this.family));
		return closingOnFailure(channel, () -> (this.family == AddressFamily.UNIX)
				? new UnixStreamServer(channel, handlers, options) : new TcpServer(channel, handlers, options));
	}

	/**
	 * Creates a datagram server on a duplicate of the socket.
	 * @param handlers gives each datagram its handler
	 * @param options the settings
	 * @return a {@link UnixDatagramServer} for a Unix socket, a {@link UdpServer}
	 * otherwise
	 * @throws IOException if the descriptor cannot be wrapped in a channel
	 */
	public UdpServer datagramServer(Supplier<? extends RequestHandler<DatagramRequest>> handlers, ServerOptions options)
			throws IOException {
		requireType(SocketType.DATAGRAM);
		DatagramChannel channel = wrap(() -> DescriptorChannels.datagram(this.descriptor, this.family));
		return closingOnFailure(channel, () -> (channel instanceof org.newsclub.net.unix.AFUNIXDatagramChannel unix)
				? new UnixDatagramServer(unix, handlers, options) : new UdpServer(channel, handlers, options));
	}

	/**
	 * Creates the server the socket's type calls for.
	 * @param handlers gives each request its handler, of the socket's type
	 * @param options the settings
	 * @return the server
	 * @throws IOException if the descriptor cannot be wrapped in a channel
	 */
	@SuppressWarnings("unchecked")
	public BaseServer<?> server(Supplier<? extends RequestHandler<?>> handlers, ServerOptions options)
			throws IOException {
		if (this.type == SocketType.STREAM && ((Object) handlers) instanceof MessageStreamHandler binding) {
			return streamServer(binding, options); // the server runs its message engine
		}
		return (this.type == SocketType.STREAM)
				? streamServer(() -> (RequestHandler<StreamRequest>) handlers.get(), options)
				: datagramServer(() -> (RequestHandler<DatagramRequest>) handlers.get(), options);
	}

	/**
	 * {@return where the socket came from: its descriptor and what the supervisor said of
	 * it}
	 */
	public String origin() {
		return this.origin;
	}

	/**
	 * {@return the descriptor number}
	 */
	public int descriptor() {
		return this.descriptor;
	}

	private void requireType(SocketType expected) {
		if (this.type != expected) {
			throw new IllegalStateException("Socket server '" + this.server + "' inherited a "
					+ this.type.name().toLowerCase() + " socket, not a " + expected.name().toLowerCase() + " one");
		}
	}

	private <C> C wrap(ChannelOpener<C> opener) throws InheritedSocketException {
		try {
			return opener.open();
		}
		catch (IOException ex) {
			throw new InheritedSocketException(
					"Socket server '" + this.server + "' cannot use " + this.origin + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Creates a server on a channel, closing the channel (a duplicate: the supervisor's
	 * socket stays open) if the server cannot be created.
	 */
	private static <S> S closingOnFailure(Channel channel, ChannelOpener<S> server) throws IOException {
		try {
			return server.open();
		}
		catch (IOException | RuntimeException | Error ex) {
			try {
				channel.close();
			}
			catch (IOException closing) {
				ex.addSuppressed(closing);
			}
			throw ex;
		}
	}

	@FunctionalInterface
	private interface ChannelOpener<C> {

		C open() throws IOException;

	}

	@Override
	public String toString() {
		return this.family.name().toLowerCase() + " " + this.type.name().toLowerCase() + " socket, " + this.origin;
	}

}
