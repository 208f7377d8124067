package io.github.socketserver.handler;

import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.github.socketserver.codec.FrameCodec;
import org.jspecify.annotations.Nullable;

/**
 * The server of a request as its handler sees it, Python's {@code self.server} narrowed
 * to what a handler legitimately uses: the server's name and address, the framing and
 * charset of its frames, and a way to ask it to stop. Nothing of the server's internals
 * (its executor, listener or socket) is reachable from here.
 *
 * @since 0.1.0
 */
public interface RequestServer {

	/**
	 * The server's name, as configured.
	 * @return the name
	 */
	String name();

	/**
	 * The bound address, Python's {@code server_address}.
	 * @return the address, with the real port
	 */
	SocketAddress serverAddress();

	/**
	 * Asks the server to stop serving, as a handler calls {@code self.server.shutdown()}
	 * in Python. Returns at once, so that it is safe from a handler in every threading
	 * mode (Python's deadlocks in a single-threaded server); the serving loop ends after
	 * the requests it is taking, and the requests in flight go on.
	 */
	void shutdown();

	/**
	 * The codec that cuts the server's stream, or each of its datagrams, into frames, for
	 * {@link SocketReader#readFrame()} and {@link DatagramRequest#frames()}.
	 * @return the codec, or {@code null} if the server was given none
	 * @since 0.2.0
	 */
	default @Nullable FrameCodec codec() {
		return null;
	}

	/**
	 * The charset of the server's text frames.
	 * @return the charset, UTF-8 unless the server was given another
	 * @since 0.2.0
	 */
	default Charset charset() {
		return StandardCharsets.UTF_8;
	}

}
