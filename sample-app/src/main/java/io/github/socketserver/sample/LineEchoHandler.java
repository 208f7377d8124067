package io.github.socketserver.sample;

import java.io.IOException;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.SocketReader;
import io.github.socketserver.handler.SocketWriter;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;

/**
 * Sends every line back, over TCP ({@code echo}) and a Unix socket ({@code unix-echo}):
 * one shared bean serving two servers. It keeps no state, so sharing it is safe.
 */
@SocketHandler({ "echo", "unix-echo", "tls-echo" })
class LineEchoHandler implements StreamRequestHandler {

	@Override
	public void handle(StreamRequest request) throws IOException {
		SocketReader in = request.rfile();
		SocketWriter out = request.wfile();
		for (String line = in.readLine(); line != null; line = in.readLine()) {
			out.write(line);
			out.write('\n');
		}
	}

}
