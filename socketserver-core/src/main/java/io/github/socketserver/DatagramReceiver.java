package io.github.socketserver;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * One receiving socket of a datagram server and its receive buffer: one datagram bigger
 * than the server's limit, to tell a datagram at the limit from a larger one. The socket
 * answers what it received, so that replies leave from the port the client sent to.
 *
 * @param channel the socket, non-blocking
 * @param buffer its receive buffer, used under its own lock
 */
record DatagramReceiver(DatagramChannel channel, ByteBuffer buffer) {

	static DatagramReceiver of(DatagramChannel channel, int maxPacketSize) {
		return new DatagramReceiver(channel, ByteBuffer.allocateDirect(maxPacketSize + 1));
	}

}
