package io.github.socketserver.context;

import io.github.socketserver.BaseServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a socket server has been closed.
 *
 * @since 0.1.0
 */
public class SocketServerStoppedEvent extends ApplicationEvent {

	/**
	 * Creates the event.
	 * @param server the server now closed, the event's source
	 */
	public SocketServerStoppedEvent(BaseServer<?> server) {
		super(server);
	}

	/**
	 * {@return the server, the event's source}
	 */
	public BaseServer<?> server() {
		return (BaseServer<?>) getSource();
	}

	/**
	 * {@return the server's name}
	 */
	public String name() {
		return server().name();
	}

}
