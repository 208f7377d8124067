package io.github.socketserver;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the servers do alike with their own socket: tell the address it is bound to, and
 * release it.
 */
final class ServerSockets {

	private static final Logger logger = LoggerFactory.getLogger(BaseServer.class);

	private ServerSockets() {
	}

	/**
	 * The address a server's socket is bound to, Python's {@code server_address}.
	 * @throws IllegalStateException if it is not bound, or closed
	 */
	static SocketAddress boundAddress(NetworkChannel channel, String serverName) {
		try {
			SocketAddress bound = channel.getLocalAddress();
			if (bound == null) {
				throw new IllegalStateException("Server '" + serverName + "' is not bound");
			}
			return bound;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Server '" + serverName + "' is closed", ex);
		}
	}

	/**
	 * Closes a server's socket; a failure is only logged, as the socket is gone either
	 * way.
	 */
	static void close(NetworkChannel channel, String serverName) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the socket of server '{}' failed", serverName, ex);
		}
	}

}
