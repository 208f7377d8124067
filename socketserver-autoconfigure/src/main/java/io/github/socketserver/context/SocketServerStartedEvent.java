package io.github.socketserver.context;

import java.net.SocketAddress;

import io.github.socketserver.BaseServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a socket server is bound and serving; {@link #address()} has the real
 * port.
 *
 * @since 0.1.0
 */
public class SocketServerStartedEvent extends ApplicationEvent {

	/**
	 * Creates the event.
	 * @param server the server now serving, the event's source
	 */
	public SocketServerStartedEvent(BaseServer<?> server) {
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

	/**
	 * {@return the address the server is bound to, with the real port}
	 */
	public SocketAddress address() {
		return server().serverAddress();
	}

}
