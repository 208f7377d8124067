package io.github.socketserver;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

	/**
	 * Says "in" to each client, then holds its connection until {@code release} opens.
	 * @param release what ends the requests
	 * @return the handler
	 */
	public static StreamRequestHandler holdingUntil(CountDownLatch release) {
		return (request) -> {
			request.wfile().write("in\n");
			request.wfile().flush();
			release.await(30, TimeUnit.SECONDS);
		};
	}

}
