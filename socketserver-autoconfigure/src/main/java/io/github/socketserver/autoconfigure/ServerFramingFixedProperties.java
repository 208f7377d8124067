package io.github.socketserver.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The fixed-length codec, under {@code socketserver.servers.<name>.framing.fixed}.
 *
 * @since 0.2.0
 */
public class ServerFramingFixedProperties {

	/**
	 * Length of every frame, for the fixed codec; required there, at most
	 * 'max-frame-length'. What the handler sends must have this length too.
	 */
	private @Nullable DataSize length;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerFramingFixedProperties() {
	}

	/**
	 * {@return the length of every frame, {@code null} when unset}
	 */
	public @Nullable DataSize getLength() {
		return this.length;
	}

	/**
	 * Sets the length of every frame.
	 * @param length the length
	 */
	public void setLength(@Nullable DataSize length) {
		this.length = length;
	}

}
