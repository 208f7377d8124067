package io.github.socketserver;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.options.DatagramOptions;
import org.jspecify.annotations.Nullable;

/**
 * One receiving socket of a datagram server with its receive buffer: one datagram bigger
 * than the server's limit, to tell a datagram at the limit from a larger one. The socket
 * answers what it received, so that replies leave from the port the client sent to.
 */
final class DatagramReceiver {

	private final DatagramChannel channel;

	private final ByteBuffer buffer;

	private final OversizedDatagrams oversized;

	DatagramReceiver(DatagramChannel channel, int maxPacketSize, OversizedDatagrams oversized) {
		this.channel = channel;
		this.buffer = ByteBuffer.allocateDirect(maxPacketSize + 1);
		this.oversized = oversized;
	}

	DatagramChannel channel() {
		return this.channel;
	}

	/**
	 * Takes the next datagram, without blocking: too large a one is dropped or cut as the
	 * options say.
	 * @return the request, or {@code null} if none was ready or it was dropped
	 */
	@Nullable DatagramRequest receive(DatagramOptions datagram, SocketServerListener listener, RequestServer server)
			throws IOException {
		byte[] packet;
		SocketAddress client;
		synchronized (this.buffer) {
			this.buffer.clear();
			client = this.channel.receive(this.buffer);
			if (client == null && this.buffer.position() == 0) {
				return null;
			}
			this.buffer.flip();
			if (this.buffer.remaining() > datagram.maxPacketSize()) {
				if (datagram.oversize() == DatagramOptions.Oversize.DROP) {
					// Taken and dropped: the loop goes on from its next select, so that a
					// flood of them cannot hold off a stop.
					this.oversized.dropped(client, datagram.maxPacketSize());
					return null;
				}
				this.oversized.truncated(client, datagram.maxPacketSize());
				this.buffer.limit(datagram.maxPacketSize());
			}
			packet = new byte[this.buffer.remaining()];
			this.buffer.get(packet);
		}
		listener.bytesReceived(packet.length);
		return new DatagramRequest(packet, client, this.channel, server, listener);
	}

}
