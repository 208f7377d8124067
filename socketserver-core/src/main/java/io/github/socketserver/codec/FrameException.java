package io.github.socketserver.codec;

import java.io.IOException;

/**
 * A client sent bytes that can never make a frame. The connection is closed and the
 * request counted as refused for its framing; the server and its other clients go on.
 *
 * @since 0.2.0
 */
public class FrameException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was wrong; quote client bytes only escaped
	 */
	public FrameException(String message) {
		super(message);
	}

}
