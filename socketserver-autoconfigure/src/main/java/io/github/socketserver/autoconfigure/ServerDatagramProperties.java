package io.github.socketserver.autoconfigure;

import io.github.socketserver.options.DatagramOptions;

import org.springframework.util.unit.DataSize;

/**
 * Settings of a datagram server, under {@code socketserver.servers.<name>.datagram}.
 *
 * @since 0.1.0
 */
public class ServerDatagramProperties {

	/**
	 * Largest datagram handed to a handler whole; what happens to larger ones is
	 * 'oversize'.
	 */
	private DataSize maxPacketSize = DataSize.ofKilobytes(8);

	/**
	 * What happens to a datagram larger than 'max-packet-size': drop (counted as
	 * socketserver.datagrams.dropped) or truncate to that size and hand it on, as Python
	 * does (counted as socketserver.datagrams.truncated). Either way it is logged at a
	 * bounded rate.
	 */
	private DatagramOptions.Oversize oversize = DatagramOptions.Oversize.DROP;

	/**
	 * How many sockets a UDP server receives on, bound to its port with SO_REUSEPORT and
	 * each served by a thread of its own, so that datagrams are taken (and in the sync
	 * mode handled) on several cores: 0 for one per available processor on Linux (one
	 * elsewhere), 1 for a single socket as Python's. Unix datagram servers and inherited
	 * sockets have one.
	 */
	private int receivers = 0;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerDatagramProperties() {
	}

	/**
	 * {@return the largest datagram handed to a handler whole}
	 */
	public DataSize getMaxPacketSize() {
		return this.maxPacketSize;
	}

	/**
	 * Sets the largest datagram handed to a handler whole.
	 * @param maxPacketSize the size
	 */
	public void setMaxPacketSize(DataSize maxPacketSize) {
		this.maxPacketSize = maxPacketSize;
	}

	/**
	 * {@return what happens to a datagram larger than the largest size}
	 */
	public DatagramOptions.Oversize getOversize() {
		return this.oversize;
	}

	/**
	 * Sets what happens to a datagram larger than the largest size.
	 * @param oversize drop or truncate
	 */
	public void setOversize(DatagramOptions.Oversize oversize) {
		this.oversize = oversize;
	}

	/**
	 * {@return how many sockets a UDP server receives on, 0 for one per processor}
	 */
	public int getReceivers() {
		return this.receivers;
	}

	/**
	 * Sets how many sockets a UDP server receives on.
	 * @param receivers the number, 0 for one per processor
	 */
	public void setReceivers(int receivers) {
		this.receivers = receivers;
	}

}
