package io.github.socketserver.tls;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLEngine;

import io.github.socketserver.connection.Connection;
import io.github.socketserver.connection.ConnectionLayer;
import io.github.socketserver.connection.LayerException;

/**
 * TLS on a stream server's connections, built on {@link SSLEngine} over the transport of
 * the layer below, so it applies whatever that transport does (a PROXY header read before
 * it, the socket's bounds).
 * <p>
 * On the connection's own thread, the layer reads the client's first record (a client
 * that speaks no TLS is refused at once), asks the engine factory for an engine by the
 * server name the client asked for, and runs the handshake, all within the handshake
 * timeout. The connection it returns reads and writes plaintext and carries the
 * {@link TlsSession} as an attribute. A failed handshake is a {@link LayerException}:
 * reported as the client's fault, and the connection closed.
 * <p>
 * Shared by every connection of its server; the per-connection state is in the transport
 * it returns.
 *
 * @since 0.1.0
 */
public final class TlsLayer implements ConnectionLayer {

	/**
	 * The handshake timeout where none is given.
	 */
	public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

	private final TlsEngineFactory engines;

	private final long handshakeTimeoutNanos;

	private final TlsHandshakeListener listener;

	/**
	 * Creates the layer.
	 * @param engines makes the engine of each connection
	 * @param handshakeTimeout how long a client has from its connection to the end of its
	 * handshake
	 * @param listener hears how handshakes end
	 */
	public TlsLayer(TlsEngineFactory engines, Duration handshakeTimeout, TlsHandshakeListener listener) {
		this.engines = Objects.requireNonNull(engines, "engines");
		if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
			throw new IllegalArgumentException("The handshake timeout must be positive, not " + handshakeTimeout);
		}
		this.handshakeTimeoutNanos = handshakeTimeout.toNanos();
		this.listener = Objects.requireNonNull(listener, "listener");
	}

	/**
	 * Creates the layer with the default handshake timeout.
	 * @param engines makes the engine of each connection
	 */
	public TlsLayer(TlsEngineFactory engines) {
		this(engines, DEFAULT_HANDSHAKE_TIMEOUT, TlsHandshakeListener.NONE);
	}

	@Override
	public Connection open(Connection connection) throws IOException {
		long started = System.nanoTime();
		long deadline = started + this.handshakeTimeoutNanos;
		try {
			ClientHello hello = readHello(connection, deadline);
			SSLEngine engine = this.engines.createEngine(hello.serverName());
			TlsTransport transport = new TlsTransport(engine, connection.transport(), hello.received());
			TlsHandshake.run(engine, transport, deadline);
			TlsSession session = TlsSession.of(engine.getSession(), hello.serverName());
			this.listener.handshakeCompleted(session, System.nanoTime() - started);
			return connection.withTransport(transport).withAttribute(TlsSession.class, session);
		}
		catch (LayerException ex) {
			this.listener.handshakeFailed(ex, TlsFailure.of(ex), System.nanoTime() - started);
			throw ex;
		}
	}

	private static ClientHello readHello(Connection connection, long deadline) throws IOException {
		try {
			return ClientHello.read(connection.transport(), deadline);
		}
		catch (SocketTimeoutException ex) {
			throw new LayerException("TLS handshake not done in time: the client sent no hello", ex);
		}
	}

}
