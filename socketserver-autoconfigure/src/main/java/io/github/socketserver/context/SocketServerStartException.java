package io.github.socketserver.context;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.BaseServer;

/**
 * A socket server could not start: its address is in use, its Unix path is not a socket,
 * or its settings were refused by the system.
 */
public class SocketServerStartException extends RuntimeException {

	private final String serverName;

	private final String address;

	private final AddressFamily family;

	public SocketServerStartException(BaseServer<?> server, Throwable cause) {
		super("Socket server '" + server.name() + "' could not bind "
				+ SocketAddresses.describe(server.requestedAddress()) + ": " + cause.getMessage(), cause);
		this.serverName = server.name();
		this.address = SocketAddresses.describe(server.requestedAddress());
		this.family = server.addressFamily();
	}

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

	public AddressFamily family() {
		return this.family;
	}

}
