package io.github.socketserver.fork;

import java.time.Duration;

/**
 * A request of a fork server ran past its time limit: its child was killed, or its output
 * cut.
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
		this(command, limit, "was killed");
	}

	/**
	 * Creates the exception for a request that ran past its time limit.
	 * @param command the command, as the message shows it
	 * @param limit the time limit it ran past
	 * @param outcome what was done at the limit, as the message ends
	 */
	public ChildTimeLimitException(String command, Duration limit, String outcome) {
		super("'" + command + "' ran past its time limit of " + limit.toMillis() + " ms and " + outcome);
	}

}
