package io.github.socketserver.tls;

import io.github.socketserver.connection.LayerException;

/**
 * Hears how each TLS handshake ended, for metrics. Called on the connection's thread;
 * implementations must be thread-safe, quick, and must not throw.
 *
 * @since 0.1.0
 */
public interface TlsHandshakeListener {

	/**
	 * A listener that hears nothing.
	 */
	TlsHandshakeListener NONE = new TlsHandshakeListener() {
	};

	/**
	 * A handshake succeeded.
	 * @param session what it settled
	 * @param durationNanos how long it took, from the connection's first read
	 */
	default void handshakeCompleted(TlsSession session, long durationNanos) {
	}

	/**
	 * A handshake failed, timed out, or met a client that speaks no TLS.
	 * @param failure why, as reported to the server's error handler
	 * @param reason the kind of failure, for a metric's tag
	 * @param durationNanos how long it took
	 */
	default void handshakeFailed(LayerException failure, TlsFailure reason, long durationNanos) {
	}

}
