package io.github.socketserver.autoconfigure;

/**
 * The {@code @SocketHandler} beans and the configured servers do not match: a handler
 * names an unknown server, a server has no handler or two, or a handler cannot serve its
 * server's type.
 *
 * @since 0.1.0
 */
public class SocketHandlerBindingException extends RuntimeException {

	/**
	 * What to do about the mismatch.
	 */
	private final String action;

	/**
	 * Creates the exception.
	 * @param description what does not match, naming the handler and the server
	 * @param action what to do about it
	 */
	public SocketHandlerBindingException(String description, String action) {
		super(description);
		this.action = action;
	}

	/**
	 * What to do about it.
	 * @return the advice shown on the failure report
	 */
	public String action() {
		return this.action;
	}

}
