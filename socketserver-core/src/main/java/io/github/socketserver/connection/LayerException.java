package io.github.socketserver.connection;

import java.io.IOException;

/**
 * A layer of the connection path refused a connection: a bad header or handshake, or a
 * client that went away during it. The server reports it to {@code handleError} as a
 * client's fault (one log line at a bounded rate, its text escaped) and closes the
 * connection before any handler sees it.
 *
 * @since 0.1.0
 */
public class LayerException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was wrong, which may quote the client's bytes
	 * @param cause what the layer failed with, or {@code null}
	 */
	public LayerException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Creates the exception.
	 * @param message what was wrong, which may quote the client's bytes
	 */
	public LayerException(String message) {
		super(message);
	}

}
