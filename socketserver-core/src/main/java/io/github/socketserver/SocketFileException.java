package io.github.socketserver;

import java.net.BindException;
import java.nio.file.Path;

/**
 * A Unix server cannot bind because its path holds a file that is not a socket. The file
 * is never deleted: it may be someone's data.
 *
 * @since 0.1.0
 */
public class SocketFileException extends BindException {

	private final transient Path path;

	/**
	 * Creates the exception for the file at a path.
	 * @param path the path the server was to bind
	 * @param reason what the file is instead of a socket
	 */
	public SocketFileException(Path path, String reason) {
		super(path + " " + reason);
		this.path = path;
	}

	/**
	 * The path the server was to bind.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

}
