package io.github.socketserver;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.function.Supplier;

import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.options.ServerOptions;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A Unix domain datagram server, Python's {@code UnixDatagramServer}, on junixsocket (the
 * JDK has no Unix datagram channel).
 * <p>
 * A client gets a reply only if it bound an address of its own, as in Python. Socket
 * files are handled as by {@link UnixStreamServer}: stale ones replaced, live ones and
 * non-sockets refused, ours removed on close unless replaced meanwhile.
 * <p>
 * An empty datagram never reaches the handler: junixsocket (2.10) reads it as no datagram
 * at all, so the server cannot tell that one came. Unlike UDP, a Unix datagram protocol
 * cannot use empty datagrams as pings.
 *
 * @since 0.1.0
 */
public class UnixDatagramServer extends UdpServer {

	// No initializer: the superclass constructor binds before this class's fields are
	// set.
	private @Nullable SocketAddress bindTo;

	/**
	 * The identity of the socket file this server bound, until it is removed.
	 */
	private @Nullable Object socketFile;

	/**
	 * Creates a server bound to {@code path} with default options, sharing one handler.
	 * @param path the socket file to create
	 * @param handler the shared handler
	 * @throws IOException if binding fails
	 */
	public UnixDatagramServer(Path path, RequestHandler<DatagramRequest> handler) throws IOException {
		this(path, () -> handler, ServerOptions.defaults(), true);
	}

	/**
	 * Creates a server bound to {@code path}, sharing one handler.
	 * @param path the socket file to create
	 * @param handler the shared handler
	 * @param options the settings
	 * @throws IOException if binding fails
	 */
	public UnixDatagramServer(Path path, RequestHandler<DatagramRequest> handler, ServerOptions options)
			throws IOException {
		this(path, () -> handler, options, true);
	}

	/**
	 * Creates a server that asks {@code handlers} for the handler of each datagram.
	 * @param path the socket file to create
	 * @param handlers gives each datagram its handler
	 * @param options the settings
	 * @param bindAndActivate false to leave binding to {@link #bindAndActivate()}
	 * @throws IOException if binding fails; the socket is then closed
	 */
	public UnixDatagramServer(Path path, Supplier<? extends RequestHandler<DatagramRequest>> handlers,
			ServerOptions options, boolean bindAndActivate) throws IOException {
		super(AFUNIXDatagramChannel::open, AFUNIXSocketAddress.of(path), AddressFamily.UNIX, handlers, options,
				bindAndActivate);
	}

	/**
	 * Creates a server on a Unix datagram socket inherited bound from a supervisor. The
	 * socket file is the supervisor's: the server neither replaces it at bind nor removes
	 * it at close.
	 * @param bound the bound channel
	 * @param handlers gives each datagram its handler
	 * @param options the settings
	 * @throws IOException if the channel cannot be read or made non-blocking
	 */
	public UnixDatagramServer(AFUNIXDatagramChannel bound, Supplier<? extends RequestHandler<DatagramRequest>> handlers,
			ServerOptions options) throws IOException {
		super(bound, AddressFamily.UNIX, handlers, options);
	}

	/**
	 * The socket file.
	 * @return the path the server receives on
	 */
	public Path path() {
		return Path.of(((AFUNIXSocketAddress) super.requestedAddress()).getPath());
	}

	@Override
	public SocketAddress requestedAddress() {
		return UnixDomainSocketAddress.of(path());
	}

	@Override
	public SocketAddress serverAddress() {
		return UnixDomainSocketAddress.of(path());
	}

	@Override
	public void serverBind() throws IOException {
		if (isInherited()) {
			return;
		}
		UnixSocketFiles.prepareForBind(path());
		this.socketFile = UnixSocketFiles.bind(path(), options().socketFile(), (at) -> {
			this.bindTo = (at != null) ? AFUNIXSocketAddress.of(at) : null;
			super.serverBind();
		});
	}

	@Override
	protected SocketAddress bindAddress() {
		SocketAddress at = this.bindTo;
		return (at != null) ? at : super.bindAddress();
	}

	@Override
	protected synchronized void serverClose() {
		// As the stream server: once, only its own file, before the socket closes.
		Object file = this.socketFile;
		this.socketFile = null;
		if (file != null) {
			UnixSocketFiles.remove(path(), file);
		}
		super.serverClose();
	}

}
