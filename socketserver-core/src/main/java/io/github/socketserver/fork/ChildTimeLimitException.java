package io.github.socketserver.fork;

import java.time.Duration;

/**
 * A child ran past its time limit and was killed.
 *
 * @since 0.1.0
 */
public class ChildTimeLimitException extends Exception {

	/**
	 * Creates the exception for a child that was killed at its limit.
	 * @param command the command, as the message shows it
	 * @param limit the time limit it ran past
	 */
	public ChildTimeLimitException(String command, Duration limit) {
		super("'" + command + "' ran past its time limit of " + limit.toMillis() + " ms and was killed");
	}

}
