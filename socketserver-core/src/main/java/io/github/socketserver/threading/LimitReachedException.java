package io.github.socketserver.threading;

import java.util.concurrent.RejectedExecutionException;

/**
 * A request was refused because a limit of the threading mode was reached, such as
 * {@code maxChildren} in the fork mode.
 *
 * @since 0.1.0
 */
public class LimitReachedException extends RejectedExecutionException {

	/**
	 * Creates the exception.
	 * @param message which limit was reached, and where
	 */
	public LimitReachedException(String message) {
		super(message);
	}

}
