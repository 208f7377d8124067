package io.github.socketserver.context;

import io.github.socketserver.BaseServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a socket server could not start, {@link #failure()} then being the
 * {@link SocketServerStartException} that start-up fails with; or when its serving loop
 * failed, after which the server is closed and its state is
 * {@link SocketServerState#FAILED}.
 */
public class SocketServerFailedEvent extends ApplicationEvent {

	private final Throwable failure;

	public SocketServerFailedEvent(BaseServer<?> server, Throwable failure) {
		super(server);
		this.failure = failure;
	}

	public BaseServer<?> server() {
		return (BaseServer<?>) getSource();
	}

	public String name() {
		return server().name();
	}

	/**
	 * What the server failed with.
	 * @return a {@link SocketServerStartException} if it could not start, otherwise what
	 * its serving loop threw
	 */
	public Throwable failure() {
		return this.failure;
	}

}
