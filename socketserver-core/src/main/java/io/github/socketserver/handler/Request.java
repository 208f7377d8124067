package io.github.socketserver.handler;

import java.net.SocketAddress;

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

}
