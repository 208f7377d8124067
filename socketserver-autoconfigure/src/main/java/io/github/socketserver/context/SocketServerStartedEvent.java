package io.github.socketserver.context;

import java.net.SocketAddress;

import io.github.socketserver.BaseServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a socket server is bound and serving; {@link #address()} has the real
 * port.
 */
public class SocketServerStartedEvent extends ApplicationEvent {

	public SocketServerStartedEvent(BaseServer<?> server) {
		super(server);
	}

	public BaseServer<?> server() {
		return (BaseServer<?>) getSource();
	}

	public String name() {
		return server().name();
	}

	public SocketAddress address() {
		return server().serverAddress();
	}

}
