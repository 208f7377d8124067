package io.github.socketserver.proxy;

/**
 * Whether the connections of a server start with a PROXY protocol header.
 *
 * @since 0.1.0
 */
public enum ProxyProtocolMode {

	/**
	 * No header is read: the client is the socket's peer.
	 */
	OFF,

	/**
	 * A header is read when the connection starts with one, and the connection is served
	 * as a direct one when it does not; for clients that speak first.
	 */
	OPTIONAL,

	/**
	 * Every connection must start with a header from a trusted source, or it is closed.
	 */
	REQUIRED

}
