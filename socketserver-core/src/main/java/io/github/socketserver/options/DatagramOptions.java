package io.github.socketserver.options;

import java.util.Objects;

/**
 * How a datagram server receives, Python's {@code max_packet_size}.
 *
 * @param maxPacketSize the largest datagram handed to a handler whole, in bytes; 8192 by
 * default, as Python
 * @param oversize what happens to a larger one: dropped by default
 * @since 0.1.0
 */
public record DatagramOptions(int maxPacketSize, Oversize oversize) {

	/**
	 * Python's size, with oversized datagrams dropped.
	 */
	public static final DatagramOptions DEFAULTS = new DatagramOptions(8192, Oversize.DROP);

	/**
	 * Checks the settings, so a mistake shows when the options are built.
	 * @param maxPacketSize the largest datagram handed to a handler whole, in bytes
	 * @param oversize what happens to a larger one
	 * @throws IllegalArgumentException if the size is below 1
	 */
	public DatagramOptions {
		Check.atLeast(maxPacketSize, 1, "maxPacketSize");
		Objects.requireNonNull(oversize, "oversize");
	}

	/**
	 * What a datagram server does with a datagram larger than {@code maxPacketSize}.
	 */
	public enum Oversize {

		/**
		 * Drop it, count it and log it: a handler never sees a datagram cut short.
		 */
		DROP,

		/**
		 * Cut it to {@code maxPacketSize} and hand it on, as Python's
		 * {@code recvfrom(max_packet_size)} does; counted as truncated.
		 */
		TRUNCATE

	}

}
