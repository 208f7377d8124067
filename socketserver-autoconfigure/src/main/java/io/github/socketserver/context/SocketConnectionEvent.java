package io.github.socketserver.context;

import java.net.SocketAddress;

import io.github.socketserver.BaseServer;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * A connection of a stream server was opened or closed. Published only when
 * {@code socketserver.connection-events} is true: it costs on every connection.
 */
public class SocketConnectionEvent extends ApplicationEvent {

	/**
	 * What happened to the connection.
	 */
	public enum Kind {

		/**
		 * Accepted.
		 */
		OPENED,

		/**
		 * Closed.
		 */
		CLOSED

	}

	private final Kind kind;

	private final SocketAddress clientAddress;

	private final @Nullable Long durationNanos;

	public SocketConnectionEvent(BaseServer<?> server, Kind kind, SocketAddress clientAddress,
			@Nullable Long durationNanos) {
		super(server);
		this.kind = kind;
		this.clientAddress = clientAddress;
		this.durationNanos = durationNanos;
	}

	public BaseServer<?> server() {
		return (BaseServer<?>) getSource();
	}

	public Kind kind() {
		return this.kind;
	}

	public SocketAddress clientAddress() {
		return this.clientAddress;
	}

	/**
	 * How long the connection was open.
	 * @return the duration in nanoseconds, {@code null} for {@link Kind#OPENED}
	 */
	public @Nullable Long durationNanos() {
		return this.durationNanos;
	}

}
