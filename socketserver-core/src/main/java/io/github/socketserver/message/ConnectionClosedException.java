package io.github.socketserver.message;

import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;

/**
 * A send to a connection that is closed. When it ends the frame of the connection it
 * names, it is not reported again: the close was reported when it had a cause (the
 * client's reset, a timeout), and a client that goes away while its frame is handled is
 * no error of the handler's.
 */
final class ConnectionClosedException extends UncheckedIOException {

	private final transient ConnectionOutput connection;

	ConnectionClosedException(ConnectionOutput connection) {
		super("The connection from " + connection.clientAddress() + " is closed", new ClosedChannelException());
		this.connection = connection;
	}

	/**
	 * Whether it was thrown by a send to the given connection, not to another one the
	 * handler wrote to.
	 */
	boolean isOf(ConnectionOutput connection) {
		return this.connection == connection;
	}

}
