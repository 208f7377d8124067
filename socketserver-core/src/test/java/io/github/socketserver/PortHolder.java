package io.github.socketserver;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

/**
 * A process that holds a UDP port on loopback with {@code SO_REUSEADDR} and
 * {@code SO_REUSEPORT} set, as a second instance of a server would, prints
 * {@code PORT <n>} and keeps it until its standard input ends.
 */
final class PortHolder {

	private PortHolder() {
	}

	public static void main(String[] args) throws Exception {
		try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			channel.bind(new InetSocketAddress("127.0.0.1", 0));
			System.out.println("PORT " + ((InetSocketAddress) channel.getLocalAddress()).getPort());
			System.out.flush();
			while (System.in.read() >= 0) {
				// Held until the test closes our input.
			}
		}
	}

}
