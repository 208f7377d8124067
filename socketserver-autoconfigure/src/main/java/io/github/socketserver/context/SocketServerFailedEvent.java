package io.github.socketserver.context;

import io.github.socketserver.BaseServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a socket server could not start; start-up then fails with
 * {@link #failure()}.
 */
public class SocketServerFailedEvent extends ApplicationEvent {

	private final SocketServerStartException failure;

	public SocketServerFailedEvent(BaseServer<?> server, SocketServerStartException failure) {
		super(server);
		this.failure = failure;
	}

	public BaseServer<?> server() {
		return (BaseServer<?>) getSource();
	}

	public String name() {
		return server().name();
	}

	public SocketServerStartException failure() {
		return this.failure;
	}

}
