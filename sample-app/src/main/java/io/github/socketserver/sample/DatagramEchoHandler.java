package io.github.socketserver.sample;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.DatagramRequestHandler;

/**
 * Sends every datagram back to its sender, over UDP ({@code udp-echo}) and a Unix
 * datagram socket ({@code unix-dgram-echo}; the client must bind an address of its own to
 * be answered).
 */
@SocketHandler({ "udp-echo", "unix-dgram-echo" })
class DatagramEchoHandler implements DatagramRequestHandler {

	@Override
	public void handle(DatagramRequest request) {
		request.wfile().writeBytes(request.packet());
	}

}
