package io.github.socketserver.inherit;

import java.io.IOException;

/**
 * A server cannot take the socket it was to inherit: none by its name, one of another
 * family or type, or sockets meant for another process. The message names the server and
 * what the supervisor passed.
 *
 * @since 0.1.0
 */
public class InheritedSocketException extends IOException {

	/**
	 * Creates the exception.
	 * @param message what is wrong, with the server's name and what was passed
	 */
	public InheritedSocketException(String message) {
		super(message);
	}

	/**
	 * Creates the exception with its cause.
	 * @param message what is wrong, with the server's name and what was passed
	 * @param cause the failure underneath
	 */
	public InheritedSocketException(String message, Throwable cause) {
		super(message, cause);
	}

}
