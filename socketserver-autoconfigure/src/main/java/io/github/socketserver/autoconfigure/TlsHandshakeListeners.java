package io.github.socketserver.autoconfigure;

import io.github.socketserver.tls.TlsHandshakeListener;

/**
 * Gives each TLS server the listener of its handshakes: a bean, such as the one the
 * metrics auto-configuration defines.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TlsHandshakeListeners {

	/**
	 * The listener of one server's handshakes.
	 * @param serverName the server's name
	 * @return the listener
	 */
	TlsHandshakeListener forServer(String serverName);

}
