package io.github.socketserver.handler;

import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * What a handler is given for one request: a connection for a stream server, a datagram
 * for a datagram server.
 *
 * @since 0.1.0
 */
public interface Request {

	/**
	 * The client's address, Python's {@code client_address}: an {@code InetSocketAddress}
	 * for the inet families, a Unix socket address (often unnamed) for the unix family.
	 * @return the client's address
	 */
	SocketAddress clientAddress();

	/**
	 * The server that received the request, Python's {@code server}, as far as a handler
	 * needs it.
	 * @return the server
	 */
	RequestServer server();

	/**
	 * What the connection's layers learnt about it, by type: for example the TLS session
	 * with the client's verified certificates. A datagram has none.
	 * @param <T> the attribute's type
	 * @param type the attribute's type
	 * @return the attribute, or {@code null} if no layer set it
	 */
	default <T> @Nullable T attribute(Class<T> type) {
		return null;
	}

}
