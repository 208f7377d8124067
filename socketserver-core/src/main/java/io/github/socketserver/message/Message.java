package io.github.socketserver.message;

import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * One frame a client sent, as the server's codec cut it, with its connection.
 *
 * @since 0.2.0
 */
public final class Message {

	private final byte[] bytes;

	private final MessageConnection connection;

	private final Charset charset;

	/**
	 * Creates a message.
	 * @param bytes the frame's content, not copied
	 * @param connection the connection it came on
	 * @param charset how {@link #text()} decodes it, the server's charset
	 */
	public Message(byte[] bytes, MessageConnection connection, Charset charset) {
		this.bytes = Objects.requireNonNull(bytes, "bytes");
		this.connection = Objects.requireNonNull(connection, "connection");
		this.charset = Objects.requireNonNull(charset, "charset");
	}

	/**
	 * {@return the frame's content, without a delimiter or a stripped header; the array
	 * is the message's own}
	 */
	public byte[] bytes() {
		return this.bytes;
	}

	/**
	 * {@return the frame's content as text in the server's charset}
	 */
	public String text() {
		return new String(this.bytes, this.charset);
	}

	/**
	 * The frame's content as text in another charset.
	 * @param charset the charset to decode with
	 * @return the text
	 */
	public String text(Charset charset) {
		return new String(this.bytes, charset);
	}

	/**
	 * {@return the connection the frame came on}
	 */
	public MessageConnection connection() {
		return this.connection;
	}

	/**
	 * {@return the client's address, as {@link MessageConnection#clientAddress()}}
	 */
	public SocketAddress clientAddress() {
		return this.connection.clientAddress();
	}

	/**
	 * Sends one frame of bytes back, as {@link MessageConnection#send(byte[])}.
	 * @param payload the reply's content
	 */
	public void reply(byte[] payload) {
		this.connection.send(payload);
	}

	/**
	 * Sends one frame of text back, as {@link MessageConnection#send(CharSequence)}.
	 * @param text the reply's content
	 */
	public void reply(CharSequence text) {
		this.connection.send(text);
	}

}
