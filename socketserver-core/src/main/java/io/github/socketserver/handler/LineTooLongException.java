package io.github.socketserver.handler;

import java.io.IOException;

/**
 * A client sent a line longer than the server accepts; the request fails and the
 * connection is closed, so that a client cannot make the server buffer without bound.
 *
 * @since 0.1.0
 */
public class LineTooLongException extends IOException {

	/**
	 * The longest line the server accepts, in bytes.
	 */
	private final int maxLineLength;

	/**
	 * Creates the exception for a line past a bound.
	 * @param maxLineLength the longest line the server accepts, in bytes
	 */
	public LineTooLongException(int maxLineLength) {
		super("Line longer than " + maxLineLength + " bytes");
		this.maxLineLength = maxLineLength;
	}

	/**
	 * The bound that was passed.
	 * @return the longest line accepted, in bytes
	 */
	public int maxLineLength() {
		return this.maxLineLength;
	}

}
