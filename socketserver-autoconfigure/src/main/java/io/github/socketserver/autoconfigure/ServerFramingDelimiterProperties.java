package io.github.socketserver.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * The delimiter codec, under {@code socketserver.servers.<name>.framing.delimiter}. The
 * delimiters are strings whose characters, 0 to 255, are the bytes: in YAML
 * {@code "\x02"} is STX, in a properties file {@code \u0002}.
 *
 * @since 0.2.0
 */
public class ServerFramingDelimiterProperties {

	/**
	 * Bytes that start a frame, for the delimiter codec, each character one byte (0 to
	 * 255: "\x02" for STX). Bytes before it are refused as garbage. When unset, a frame
	 * starts right after the previous one.
	 */
	private @Nullable String start;

	/**
	 * Bytes that end a frame, for the delimiter codec; required there. Each character is
	 * one byte (0 to 255: "\x03" for ETX, "\r\n" for CRLF).
	 */
	private @Nullable String end;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerFramingDelimiterProperties() {
	}

	/**
	 * {@return the bytes that start a frame, {@code null} for none}
	 */
	public @Nullable String getStart() {
		return this.start;
	}

	/**
	 * Sets the bytes that start a frame.
	 * @param start the bytes, one character each
	 */
	public void setStart(@Nullable String start) {
		this.start = start;
	}

	/**
	 * {@return the bytes that end a frame, {@code null} when unset}
	 */
	public @Nullable String getEnd() {
		return this.end;
	}

	/**
	 * Sets the bytes that end a frame.
	 * @param end the bytes, one character each
	 */
	public void setEnd(@Nullable String end) {
		this.end = end;
	}

}
