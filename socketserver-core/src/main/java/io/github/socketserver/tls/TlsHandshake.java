package io.github.socketserver.tls;

import java.io.IOException;
import java.net.SocketTimeoutException;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

import io.github.socketserver.connection.LayerException;

/**
 * The server's side of one TLS handshake, driven on the connection's thread until it is
 * done or its deadline passes.
 */
final class TlsHandshake {

	private TlsHandshake() {
	}

	/**
	 * Runs the handshake.
	 * @param engine the connection's engine
	 * @param transport the transport over the engine, holding the client's hello
	 * @param deadline the {@link System#nanoTime()} the handshake must be done by
	 * @throws LayerException if the handshake fails, the client goes away, or time runs
	 * out
	 */
	static void run(SSLEngine engine, TlsTransport transport, long deadline) throws IOException {
		try {
			engine.beginHandshake();
			HandshakeStatus status = engine.getHandshakeStatus();
			while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
				if (status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN) {
					if (transport.unwrap().getStatus() == Status.BUFFER_UNDERFLOW
							&& transport.fill(remaining(deadline)) < 0) {
						throw new LayerException("The client closed the connection during the TLS handshake");
					}
				}
				else {
					transport.answerHandshake();
				}
				status = engine.getHandshakeStatus();
			}
		}
		catch (SSLException ex) {
			sendAlert(transport);
			throw new LayerException("TLS handshake failed: " + ex.getMessage(), ex);
		}
		catch (SocketTimeoutException ex) {
			throw new LayerException("TLS handshake not done in time", ex);
		}
	}

	/**
	 * The time left until a deadline, for a read.
	 * @throws SocketTimeoutException if none is left
	 */
	static long remaining(long deadline) throws SocketTimeoutException {
		long remaining = deadline - System.nanoTime();
		if (remaining <= 0) {
			throw new SocketTimeoutException("TLS handshake not done in time");
		}
		return remaining;
	}

	/**
	 * Tells the client why, as the engine has an alert to send after a failure.
	 */
	private static void sendAlert(TlsTransport transport) {
		try {
			transport.answerHandshake();
		}
		catch (IOException ex) {
			// The client may have gone; the handshake's failure is what is reported.
		}
	}

}
