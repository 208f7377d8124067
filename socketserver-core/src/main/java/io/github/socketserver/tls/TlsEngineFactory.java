package io.github.socketserver.tls;

import javax.net.ssl.SSLEngine;

import org.jspecify.annotations.Nullable;

/**
 * Makes the server-side engine of each new TLS connection. Asked once per connection, so
 * that a renewed certificate serves the next connection while those established go on.
 * Shared by every connection of a server: implementations must be thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TlsEngineFactory {

	/**
	 * Makes an engine in server mode, its protocols, cipher suites and client
	 * authentication set.
	 * @param serverName the host name the client asked for (SNI), or {@code null}
	 * @return a new engine
	 */
	SSLEngine createEngine(@Nullable String serverName);

}
