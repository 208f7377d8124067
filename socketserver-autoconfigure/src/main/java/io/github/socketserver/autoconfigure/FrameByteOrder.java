package io.github.socketserver.autoconfigure;

import java.nio.ByteOrder;

/**
 * The byte order of a length header, under
 * {@code socketserver.servers.<name>.framing.length-field.byte-order}.
 *
 * @since 0.2.0
 */
public enum FrameByteOrder {

	/**
	 * Most significant byte first: network byte order.
	 */
	BIG_ENDIAN(ByteOrder.BIG_ENDIAN),

	/**
	 * Least significant byte first.
	 */
	LITTLE_ENDIAN(ByteOrder.LITTLE_ENDIAN);

	private final ByteOrder order;

	FrameByteOrder(ByteOrder order) {
		this.order = order;
	}

	/**
	 * {@return the JDK's byte order}
	 */
	public ByteOrder order() {
		return this.order;
	}

}
