package io.github.socketserver;

/**
 * Type of a server's socket, Python's {@code socket_type}.
 *
 * @since 0.1.0
 */
public enum SocketType {

	/**
	 * Connected byte streams, {@code SOCK_STREAM}: a request is a connection.
	 */
	STREAM,

	/**
	 * Discrete packets, {@code SOCK_DGRAM}: a request is a datagram.
	 */
	DATAGRAM

}
