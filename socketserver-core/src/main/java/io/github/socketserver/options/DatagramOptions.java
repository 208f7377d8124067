package io.github.socketserver.options;

import java.util.Objects;

/**
 * How a datagram server receives, Python's {@code max_packet_size}.
 *
 * @param maxPacketSize the largest datagram handed to a handler whole, in bytes; 8192 by
 * default, as Python
 * @param oversize what happens to a larger one: dropped by default
 * @param receivers how many sockets receive, each on a loop of its own: 1 by default, as
 * Python's one socket; {@link #PER_PROCESSOR} for one per available processor (see
 * {@link #receiverCount()})
 * @since 0.1.0
 */
public record DatagramOptions(int maxPacketSize, Oversize oversize, int receivers) {

	/**
	 * The {@code receivers} value that asks for one receiver per available processor.
	 */
	public static final int PER_PROCESSOR = 0;

	/**
	 * Python's size, with oversized datagrams dropped, and one receiving socket.
	 */
	public static final DatagramOptions DEFAULTS = new DatagramOptions(8192, Oversize.DROP, 1);

	/**
	 * Checks the settings, so a mistake shows when the options are built.
	 * @param maxPacketSize the largest datagram handed to a handler whole, in bytes
	 * @param oversize what happens to a larger one
	 * @param receivers how many sockets receive; {@link #PER_PROCESSOR} for one per
	 * available processor
	 * @throws IllegalArgumentException if the size is below 1 or receivers negative
	 */
	public DatagramOptions {
		Check.atLeast(maxPacketSize, 1, "maxPacketSize");
		Objects.requireNonNull(oversize, "oversize");
		Check.atLeast(receivers, 0, "receivers");
	}

	/**
	 * The settings with one receiving socket.
	 * @param maxPacketSize the largest datagram handed to a handler whole, in bytes
	 * @param oversize what happens to a larger one
	 */
	public DatagramOptions(int maxPacketSize, Oversize oversize) {
		this(maxPacketSize, oversize, 1);
	}

	/**
	 * How many sockets a UDP server receives on, {@link #PER_PROCESSOR} resolved to the
	 * processors available to the JVM. A server on a Unix socket or on one inherited from
	 * a supervisor, and a platform whose sockets lack {@code SO_REUSEPORT}, receive on
	 * one whatever this says.
	 * @return the number asked for, at least 1
	 */
	public int receiverCount() {
		return (this.receivers == PER_PROCESSOR) ? Runtime.getRuntime().availableProcessors() : this.receivers;
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
