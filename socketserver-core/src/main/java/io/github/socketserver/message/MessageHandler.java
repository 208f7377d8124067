package io.github.socketserver.message;

/**
 * Handles a connection one frame at a time: the server's codec cuts the stream into
 * frames, and {@link #handleMessage} is called once per frame. Between frames no thread
 * is held for the connection, so an idle connection costs a few hundred bytes, while the
 * handler is still plain blocking code.
 * <p>
 * One handler is shared by every connection of its server: keep per-connection state in
 * {@link MessageConnection#attributes()}. Frames of one connection are handled in order,
 * one at a time, and what the handler sends leaves in that order; frames of different
 * connections run as the server's threading mode says ({@code sync} on the thread that
 * read them, {@code virtual}, {@code thread} and {@code pool} on threads of their own).
 * <p>
 * An exception from a callback closes that connection and is reported as a failed request
 * ({@code handleError}); the server and its other connections go on.
 *
 * @since 0.2.0
 */
public interface MessageHandler {

	/**
	 * Called once when a connection opens, after its layers (PROXY header, TLS) and its
	 * admission, before its first frame. Nothing by default.
	 * @param connection the connection
	 * @throws Exception to close the connection at once
	 */
	default void connectionOpened(MessageConnection connection) throws Exception {
	}

	/**
	 * Handles one frame; reply with {@link Message#reply} or
	 * {@link MessageConnection#send}.
	 * @param message the frame and its connection
	 * @throws Exception to close the connection
	 */
	void handleMessage(Message message) throws Exception;

	/**
	 * Called once when a connection has closed, whoever closed it. Nothing by default.
	 * @param connection the connection, no longer open
	 */
	default void connectionClosed(MessageConnection connection) {
	}

}
