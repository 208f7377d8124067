package io.github.socketserver.autoconfigure;

/**
 * The {@code @SocketHandler} beans and the configured servers do not match: a handler
 * names an unknown server, a server has no handler or two, or a handler cannot serve its
 * server's type.
 */
public class SocketHandlerBindingException extends RuntimeException {

	private final String action;

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
