package io.github.socketserver.metrics;

import java.lang.reflect.Proxy;
import java.net.SocketAddress;

import io.github.socketserver.handler.Request;

/**
 * Requests for driving a listener directly, where no server could produce the event.
 */
final class StubRequests {

	private StubRequests() {
	}

	/**
	 * A request from the given client that answers nothing else.
	 * @param clientAddress what {@link Request#clientAddress()} returns
	 * @return the request
	 */
	static Request from(SocketAddress clientAddress) {
		return (Request) Proxy.newProxyInstance(Request.class.getClassLoader(), new Class<?>[] { Request.class },
				(proxy, method, arguments) -> method.getName().equals("clientAddress") ? clientAddress : null);
	}

}
