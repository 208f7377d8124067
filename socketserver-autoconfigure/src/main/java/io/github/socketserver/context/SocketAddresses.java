package io.github.socketserver.context;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.github.socketserver.BaseServer;

/**
 * Writes addresses as users write them in logs, messages, health and the endpoint.
 */
final class SocketAddresses {

	private SocketAddresses() {
	}

	/**
	 * Writes where a server listens, or is to listen if it is not bound.
	 * @param server the server
	 * @return the text
	 */
	static String describe(BaseServer<?> server) {
		try {
			return describe(server.serverAddress());
		}
		catch (IllegalStateException ex) {
			// Not bound (yet, or any more): its address is the one it asked for.
			return describe(server.requestedAddress());
		}
	}

	/**
	 * Writes an address as users write it: {@code 127.0.0.1:9000}, {@code [::1]:9000}, or
	 * a path.
	 * @param address the address
	 * @return the text
	 */
	static String describe(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			String host = (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
			return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
		}
		return address.toString();
	}

}
