package io.github.socketserver;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.function.Supplier;

import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.message.MessageStreamHandler;
import io.github.socketserver.options.ServerOptions;
import org.jspecify.annotations.Nullable;

/**
 * A Unix domain stream server, Python's {@code UnixStreamServer}, on the JDK's Unix
 * domain channels.
 * <p>
 * At bind a stale socket file left by a dead process is replaced, a path held by a live
 * server fails with "address in use", and a path that is not a socket fails and is left
 * alone. The socket file is removed on close, unless it was replaced meanwhile.
 *
 * @since 0.1.0
 */
public class UnixStreamServer extends TcpServer {

	// No initializers: the superclass constructor binds before this class's fields are
	// set.
	/**
	 * The identity of the socket file this server bound, until it is removed.
	 */
	private @Nullable Object socketFile;

	private @Nullable Path bindPath;

	/**
	 * Creates a server bound to {@code path} with default options, sharing one handler.
	 * @param path the socket file to create
	 * @param handler the shared handler
	 * @throws IOException if binding fails
	 */
	public UnixStreamServer(Path path, RequestHandler<StreamRequest> handler) throws IOException {
		this(path, MessageStreamHandler.shared(handler), ServerOptions.defaults(), true);
	}

	/**
	 * Creates a server bound to {@code path}, sharing one handler.
	 * @param path the socket file to create
	 * @param handler the shared handler
	 * @param options the settings
	 * @throws IOException if binding fails
	 */
	public UnixStreamServer(Path path, RequestHandler<StreamRequest> handler, ServerOptions options)
			throws IOException {
		this(path, MessageStreamHandler.shared(handler), options, true);
	}

	/**
	 * Creates a server that asks {@code handlers} for the handler of each connection.
	 * @param path the socket file to create
	 * @param handlers gives each connection its handler
	 * @param options the settings
	 * @param bindAndActivate false to leave binding to {@link #bindAndActivate()}
	 * @throws IOException if binding fails; the socket is then closed
	 */
	public UnixStreamServer(Path path, Supplier<? extends RequestHandler<StreamRequest>> handlers,
			ServerOptions options, boolean bindAndActivate) throws IOException {
		super(UnixDomainSocketAddress.of(path), AddressFamily.UNIX, handlers, options, bindAndActivate);
	}

	/**
	 * Creates a server on a Unix socket inherited bound and listening from a supervisor.
	 * The socket file is the supervisor's: the server neither replaces it at bind nor
	 * removes it at close.
	 * @param listening the bound, listening channel
	 * @param handlers gives each connection its handler
	 * @param options the settings
	 * @throws IOException if the channel cannot be read or made non-blocking
	 */
	public UnixStreamServer(ServerSocketChannel listening, Supplier<? extends RequestHandler<StreamRequest>> handlers,
			ServerOptions options) throws IOException {
		super(listening, AddressFamily.UNIX, handlers, options);
	}

	/**
	 * The socket file.
	 * @return the path the server listens on
	 */
	public Path path() {
		return ((UnixDomainSocketAddress) requestedAddress()).getPath();
	}

	@Override
	public SocketAddress serverAddress() {
		return UnixDomainSocketAddress.of(path());
	}

	@Override
	public synchronized void serverBind() throws IOException {
		if (isInherited()) {
			return;
		}
		UnixSocketFiles.prepareForBind(path());
		this.socketFile = UnixSocketFiles.bind(path(), options().socketFile(), (at) -> {
			this.bindPath = at;
			super.serverBind();
		});
	}

	@Override
	protected SocketAddress bindAddress() {
		Path at = this.bindPath;
		return (at != null) ? UnixDomainSocketAddress.of(at) : super.bindAddress();
	}

	@Override
	protected synchronized void serverClose() {
		// Only the server that created the socket file removes it, once, and only if the
		// path still holds it; before the socket closes, so that its file's identity
		// cannot pass to a new file meanwhile.
		Object file = this.socketFile;
		this.socketFile = null;
		if (file != null) {
			UnixSocketFiles.remove(path(), file);
		}
		super.serverClose();
	}

}
