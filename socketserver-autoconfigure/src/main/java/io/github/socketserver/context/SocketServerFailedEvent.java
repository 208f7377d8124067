package io.github.socketserver.context;

import io.github.socketserver.BaseServer;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a socket server could not start, {@link #failure()} then being the
 * {@link SocketServerStartException} that start-up fails with; or when its serving loop
 * failed, after which the server is closed and its state is
 * {@link SocketServerState#FAILED}.
 *
 * @since 0.1.0
 */
public class SocketServerFailedEvent extends ApplicationEvent {

	/**
	 * What the server failed with.
	 */
	private final Throwable failure;

	/**
	 * Creates the event.
	 * @param server the server that failed, the event's source
	 * @param failure what it failed with
	 */
	public SocketServerFailedEvent(BaseServer<?> server, Throwable failure) {
		super(server);
		this.failure = failure;
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
	 * What the server failed with.
	 * @return a {@link SocketServerStartException} if it could not start, otherwise what
	 * its serving loop threw
	 */
	public Throwable failure() {
		return this.failure;
	}

}
