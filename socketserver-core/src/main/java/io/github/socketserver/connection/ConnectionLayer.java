package io.github.socketserver.connection;

import java.io.IOException;

/**
 * One layer of the connection path, between an accepted socket and its handler.
 * <p>
 * The server calls {@link #open} on the connection's own thread, never on the serving
 * loop, once per connection, in the order the layers were configured; each one gets what
 * the one before it made. A layer may wrap reading and writing (as TLS will), consume a
 * prefix of the stream and replace the client address (as a PROXY protocol header will),
 * cut the stream into frames, or add what it learnt as an attribute of the connection
 * ({@link Connection#withAttribute}: the TLS session does), which the request offers
 * verifiers and handlers. The per-client limit, the request verifier, the request's
 * metrics and observation, the log lines and the handler all see the connection the last
 * layer returned; connection-level events (opened, closed) keep the socket's peer.
 * <p>
 * A layer is shared by every connection of its server: keep per-connection state in the
 * {@link Connection} or {@link Transport} it returns.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConnectionLayer {

	/**
	 * Opens the layer on one connection.
	 * @param connection the connection as the layers before this one left it
	 * @return the connection for the next layer, or {@code connection} itself
	 * @throws IOException to refuse the connection, preferably a {@link LayerException}:
	 * the error is reported as the client's fault, and the connection closed before any
	 * handler sees it
	 */
	Connection open(Connection connection) throws IOException;

}
