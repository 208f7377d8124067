package io.github.socketserver.fork;

/**
 * A child ended with a non-zero exit code: the request counts as failed.
 */
public class ChildExitException extends Exception {

	private final int exitCode;

	public ChildExitException(String command, int exitCode) {
		super("'" + command + "' exited with code " + exitCode);
		this.exitCode = exitCode;
	}

	public int exitCode() {
		return this.exitCode;
	}

}
