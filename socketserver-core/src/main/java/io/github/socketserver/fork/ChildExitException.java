package io.github.socketserver.fork;

/**
 * A child ended with a non-zero exit code: the request counts as failed.
 *
 * @since 0.1.0
 */
public class ChildExitException extends Exception {

	/**
	 * The code the child exited with.
	 */
	private final int exitCode;

	/**
	 * Creates the exception for a child that exited with a code.
	 * @param command the command, as the message shows it
	 * @param exitCode the code it exited with, not zero
	 */
	public ChildExitException(String command, int exitCode) {
		super("'" + command + "' exited with code " + exitCode);
		this.exitCode = exitCode;
	}

	/**
	 * {@return the code the child exited with}
	 */
	public int exitCode() {
		return this.exitCode;
	}

}
