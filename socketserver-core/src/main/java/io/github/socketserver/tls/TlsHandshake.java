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
	 * Wraps and sends what the engine has to say, a handshake message or an alert,
	 * running the tasks it asks for on this thread.
	 */
	static void answer(SSLEngine engine, TlsTransport transport) throws IOException {
		HandshakeStatus status = engine.getHandshakeStatus();
		while (status == HandshakeStatus.NEED_TASK || status == HandshakeStatus.NEED_WRAP) {
			if (status == HandshakeStatus.NEED_TASK) {
				runTasks(engine);
			}
			else if (!transport.wrapHandshake()) {
				return;
			}
			status = engine.getHandshakeStatus();
		}
	}

	/**
	 * A message of the handshake protocol after the handshake: a TLS 1.3 key update or
	 * ticket is answered; a TLS 1.2 client asking to renegotiate is refused, as
	 * renegotiation a client starts lets it make the server do a full handshake's work at
	 * no cost. The refused connection is broken: its later reads and writes fail.
	 */
	static void afterHandshake(SSLEngine engine, TlsTransport transport) throws IOException {
		if (!"TLSv1.3".equals(engine.getSession().getProtocol())) {
			transport.fail();
			throw new LayerException("TLS renegotiation started by the client refused");
		}
		answer(engine, transport);
	}

	static void runTasks(SSLEngine engine) {
		for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
			task.run();
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
