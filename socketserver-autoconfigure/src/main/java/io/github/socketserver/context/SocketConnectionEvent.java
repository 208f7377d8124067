package io.github.socketserver.context;

import java.net.SocketAddress;

import io.github.socketserver.BaseServer;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * A connection of a stream server was opened or closed. Published only when
 * {@code socketserver.connection-events} is true: it costs on every connection.
 *
 * @since 0.1.0
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

	/**
	 * Whether the connection opened or closed.
	 */
	private final Kind kind;

	/**
	 * The address of the connection's client.
	 */
	private final SocketAddress clientAddress;

	/**
	 * How long a closed connection was open, in nanoseconds.
	 */
	private final @Nullable Long durationNanos;

	/**
	 * Creates the event.
	 * @param server the server of the connection, the event's source
	 * @param kind whether the connection opened or closed
	 * @param clientAddress the address of its client
	 * @param durationNanos how long it was open, in nanoseconds; {@code null} when it
	 * opened
	 */
	public SocketConnectionEvent(BaseServer<?> server, Kind kind, SocketAddress clientAddress,
			@Nullable Long durationNanos) {
		super(server);
		this.kind = kind;
		this.clientAddress = clientAddress;
		this.durationNanos = durationNanos;
	}

	/**
	 * {@return the server of the connection, the event's source}
	 */
	public BaseServer<?> server() {
		return (BaseServer<?>) getSource();
	}

	/**
	 * {@return whether the connection opened or closed}
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * {@return the address of the connection's client}
	 */
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
