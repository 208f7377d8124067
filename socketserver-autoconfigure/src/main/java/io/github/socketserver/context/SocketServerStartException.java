package io.github.socketserver.context;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.BaseServer;

/**
 * A socket server could not start: its address is in use, its Unix path is not a socket,
 * or its settings were refused by the system.
 *
 * @since 0.1.0
 */
public class SocketServerStartException extends RuntimeException {

	/**
	 * The name of the server that could not start.
	 */
	private final String serverName;

	/**
	 * The address it was to bind, as text.
	 */
	private final String address;

	/**
	 * The address family of the server.
	 */
	private final AddressFamily family;

	/**
	 * Creates the exception, naming the server and the address it was to bind.
	 * @param server the server that could not start
	 * @param cause why it could not bind
	 */
	public SocketServerStartException(BaseServer<?> server, Throwable cause) {
		super("Socket server '" + server.name() + "' could not bind "
				+ SocketAddresses.describe(server.requestedAddress()) + ": " + cause.getMessage(), cause);
		this.serverName = server.name();
		this.address = SocketAddresses.describe(server.requestedAddress());
		this.family = server.addressFamily();
	}

	/**
	 * {@return the name of the server that could not start}
	 */
	public String serverName() {
		return this.serverName;
	}

	/**
	 * The address the server was to bind.
	 * @return the address, as text: host and port, or the socket file's path
	 */
	public String address() {
		return this.address;
	}

	/**
	 * {@return the address family of the server, so a failure report can advise on it}
	 */
	public AddressFamily family() {
		return this.family;
	}

}
