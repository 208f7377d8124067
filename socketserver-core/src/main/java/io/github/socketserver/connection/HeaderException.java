package io.github.socketserver.connection;

/**
 * A layer refused the header a connection must start with, such as a PROXY protocol
 * header: missing, malformed, too long, too slow, or from a source not trusted to send
 * one. The server counts it as a rejection of its own reason, besides reporting it as any
 * {@link LayerException}.
 *
 * @since 0.1.0
 */
public class HeaderException extends LayerException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was wrong, which may quote the client's bytes
	 */
	public HeaderException(String message) {
		super(message);
	}

	/**
	 * Creates the exception.
	 * @param message what was wrong, which may quote the client's bytes
	 * @param cause what reading the header failed with
	 */
	public HeaderException(String message, Throwable cause) {
		super(message, cause);
	}

}
