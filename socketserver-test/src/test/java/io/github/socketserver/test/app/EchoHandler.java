package io.github.socketserver.test.app;

import java.io.IOException;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;

/**
 * Sends every line back, over TCP and a Unix socket.
 */
@SocketHandler({ "echo", "unix-echo" })
public class EchoHandler implements StreamRequestHandler {

	@Override
	public void handle(StreamRequest request) throws IOException {
		for (String line = request.rfile().readLine(); line != null; line = request.rfile().readLine()) {
			request.wfile().write(line + "\n");
		}
	}

}
