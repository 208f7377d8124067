package io.github.socketserver.autoconfigure;

import io.github.socketserver.codec.LineCodec;

/**
 * The line codec, under {@code socketserver.servers.<name>.framing.line}.
 *
 * @since 0.2.0
 */
public class ServerFramingLineProperties {

	/**
	 * Line end added to what the handler sends, for the line codec: lf or crlf. Lines
	 * read may end in either.
	 */
	private LineCodec.Separator separator = LineCodec.Separator.LF;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerFramingLineProperties() {
	}

	/**
	 * {@return the line end added to what is sent}
	 */
	public LineCodec.Separator getSeparator() {
		return this.separator;
	}

	/**
	 * Sets the line end added to what is sent.
	 * @param separator lf or crlf
	 */
	public void setSeparator(LineCodec.Separator separator) {
		this.separator = separator;
	}

}
