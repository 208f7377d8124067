package io.github.socketserver.fork;

import java.time.Duration;

/**
 * A child ran past its time limit and was killed.
 */
public class ChildTimeLimitException extends Exception {

	public ChildTimeLimitException(String command, Duration limit) {
		super("'" + command + "' ran past its time limit of " + limit.toMillis() + " ms and was killed");
	}

}
