package io.github.socketserver.autoconfigure;

import org.springframework.util.unit.DataSize;

/**
 * Settings of a datagram server, under {@code socketserver.servers.<name>.datagram}.
 */
public class ServerDatagramProperties {

	/**
	 * Largest datagram accepted; larger ones are dropped and logged.
	 */
	private DataSize maxPacketSize = DataSize.ofKilobytes(8);

	public DataSize getMaxPacketSize() {
		return this.maxPacketSize;
	}

	public void setMaxPacketSize(DataSize maxPacketSize) {
		this.maxPacketSize = maxPacketSize;
	}

}
