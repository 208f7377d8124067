package io.github.socketserver;

import java.net.SocketAddress;

import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.logging.LogThrottle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the datagrams larger than a server's {@code maxPacketSize}, dropped or cut to
 * size as its oversize policy says: counted through the listener every time, logged at
 * most once a second with the client escaped, as any client can send them.
 */
final class OversizedDatagrams {

	private static final Logger logger = LoggerFactory.getLogger(UdpServer.class);

	private final String serverName;

	private final SocketServerListener listener;

	private final LogThrottle throttle = new LogThrottle();

	OversizedDatagrams(String serverName, SocketServerListener listener) {
		this.serverName = serverName;
		this.listener = listener;
	}

	void dropped(@Nullable SocketAddress client, int maxPacketSize) {
		this.listener.datagramDropped();
		log("dropped", client, maxPacketSize);
	}

	void truncated(@Nullable SocketAddress client, int maxPacketSize) {
		this.listener.datagramTruncated();
		log("truncated", client, maxPacketSize);
	}

	private void log(String what, @Nullable SocketAddress client, int maxPacketSize) {
		long count = this.throttle.tryLog();
		if (count > 0) {
			logger.warn(
					"Server '{}' {} a datagram from {} larger than its max packet size of {} bytes "
							+ "({} oversized since the last report)",
					this.serverName, what, LogText.escape(client), maxPacketSize, count);
		}
	}

}
