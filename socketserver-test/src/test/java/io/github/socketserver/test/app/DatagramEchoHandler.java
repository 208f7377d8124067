package io.github.socketserver.test.app;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.DatagramRequestHandler;

/**
 * Sends every datagram back.
 */
@SocketHandler("udp-echo")
public class DatagramEchoHandler implements DatagramRequestHandler {

	@Override
	public void handle(DatagramRequest request) {
		request.wfile().writeBytes(request.packet());
	}

}
