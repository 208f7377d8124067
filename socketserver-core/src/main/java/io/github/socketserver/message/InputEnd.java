package io.github.socketserver.message;

import io.github.socketserver.codec.FrameException;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a connection's input ends: the client's end of stream, bytes that make no frame, or
 * the server's drain. In each the loop reads no more, and the connection closes once the
 * frames read before are handled and their replies have left.
 * <p>
 * Used by the connection's loop.
 */
final class InputEnd {

	private static final Logger logger = LoggerFactory.getLogger(MessageEngine.class);

	private InputEnd() {
	}

	/**
	 * A client's bytes that make no frame: reported, nothing more is read, and the
	 * connection closes once the frames read before them are handled, as in every mode.
	 */
	static void frameFailed(EngineConnection connection, FrameException ex) {
		connection.adopted.rejected(Rejection.FRAME);
		connection.adopted.reportError(ex);
		connection.endInput();
	}

	static void endOfStream(EngineConnection connection) {
		if (connection.pending != null || connection.rawPending != null) {
			logger.debug("The connection from {} on server '{}' ended within a frame",
					LogText.escape(connection.clientAddress()), connection.context().serverName);
			connection.pending = null;
			connection.rawPending = null;
		}
		connection.endInput();
	}

	/**
	 * The server drains: a connection that had frames and is not within one reads no
	 * more, and closes once they are handled; one within a frame reads it whole first,
	 * and one that never sent a frame reads its first.
	 */
	static void drain(EngineConnection connection) {
		synchronized (connection) {
			connection.state |= ConnectionState.DRAINING;
			if (connection.pending != null || (connection.state & ConnectionState.FRAMED) == 0) {
				return;
			}
		}
		connection.endInput();
	}

}
