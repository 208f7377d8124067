package io.github.socketserver;

/**
 * Address family of a server's socket, Python's {@code address_family}.
 *
 * @since 0.1.0
 */
public enum AddressFamily {

	/**
	 * IPv4, {@code AF_INET}.
	 */
	INET,

	/**
	 * IPv6, {@code AF_INET6}; a server bound to {@code ::} also accepts IPv4 clients.
	 */
	INET6,

	/**
	 * Unix domain sockets, {@code AF_UNIX}: a socket file on the local machine.
	 */
	UNIX

}
