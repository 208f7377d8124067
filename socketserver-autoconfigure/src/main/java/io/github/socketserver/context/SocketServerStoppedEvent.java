package io.github.socketserver.context;

import io.github.socketserver.BaseServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a socket server has been closed.
 */
public class SocketServerStoppedEvent extends ApplicationEvent {

	public SocketServerStoppedEvent(BaseServer<?> server) {
		super(server);
	}

	public BaseServer<?> server() {
		return (BaseServer<?>) getSource();
	}

	public String name() {
		return server().name();
	}

}
