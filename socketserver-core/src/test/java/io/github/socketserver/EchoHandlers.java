package io.github.socketserver;

import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.handler.StreamRequestHandler;

/**
 * The echo handlers of CPython's tests, shared by the tests of every package.
 */
public final class EchoHandlers {

	/**
	 * Sends every line back until the client ends the stream.
	 */
	public static final StreamRequestHandler LINE_ECHO = (request) -> {
		for (String line = request.rfile().readLine(); line != null; line = request.rfile().readLine()) {
			request.wfile().write(line + "\n");
		}
	};

	/**
	 * Sends the datagram back.
	 */
	public static final DatagramRequestHandler DATAGRAM_ECHO = (request) -> request.wfile().write(request.packet());

	private EchoHandlers() {
	}

}
