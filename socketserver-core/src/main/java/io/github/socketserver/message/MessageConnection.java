package io.github.socketserver.message;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;

import io.github.socketserver.handler.RequestServer;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a message server, as its handler sees it: the client, what the
 * connection's layers learnt, the handler's own per-connection attributes, and
 * {@link #send} for replies and for pushing to the client at any time.
 * <p>
 * Thread-safe: {@code send} may be called from any thread, also after the frame that
 * prompted it was handled; what is sent leaves in the order of the calls, each framed by
 * the server's codec.
 *
 * @since 0.2.0
 */
public interface MessageConnection {

	/**
	 * The client's address: the socket's peer, or the client behind a proxy that a PROXY
	 * protocol header named.
	 * @return the address
	 */
	SocketAddress clientAddress();

	/**
	 * What a connection layer learnt, such as the TLS session or the PROXY header, keyed
	 * by its type.
	 * @param <T> the type of the attribute
	 * @param type the type it was left under
	 * @return the attribute, or {@code null} if no layer left one of that type
	 */
	<T> @Nullable T attribute(Class<T> type);

	/**
	 * The handler's own state of this connection, kept until it closes.
	 * @return a thread-safe map, empty at first
	 */
	Map<String, Object> attributes();

	/**
	 * The server, for its name and address.
	 * @return the server
	 */
	RequestServer server();

	/**
	 * Sends one frame: the codec frames the bytes (adds its delimiter or header), and
	 * they leave after everything sent before. Returns once the bytes are queued; the
	 * engine writes them without blocking the caller. A thread other than the reading one
	 * waits while the client has a large backlog unread, at most the server's write
	 * timeout, after which the connection is closed.
	 * @param payload the frame's content, from its position to its limit; consumed
	 * @throws java.io.UncheckedIOException if the connection is closed; a handler that
	 * lets it end the frame of this very connection is not reported again, as the close
	 * was reported when it had a cause
	 */
	void send(ByteBuffer payload);

	/**
	 * Sends one frame of bytes, as {@link #send(ByteBuffer)} does.
	 * @param payload the frame's content
	 */
	default void send(byte[] payload) {
		send(ByteBuffer.wrap(payload));
	}

	/**
	 * Sends one frame of text, encoded in the server's charset, as
	 * {@link #send(ByteBuffer)} does.
	 * @param text the frame's content
	 */
	void send(CharSequence text);

	/**
	 * Closes the connection once what was sent before has left; frames read but not yet
	 * handled are dropped. Idempotent.
	 */
	void close();

	/**
	 * {@return whether the connection is still open}
	 */
	boolean isOpen();

}
