package io.github.socketserver.test.app;

import java.io.IOException;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;

/**
 * Greets the name on the first line, with the help of a service.
 */
@SocketHandler("greeter")
public class GreeterHandler implements StreamRequestHandler {

	private final Greeter greeter;

	GreeterHandler(Greeter greeter) {
		this.greeter = greeter;
	}

	@Override
	public void handle(StreamRequest request) throws IOException {
		String name = request.rfile().readLine();
		request.wfile().write(this.greeter.greet(name) + "\n");
	}

}
