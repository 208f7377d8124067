package io.github.socketserver.connection;

import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An accepted connection on its way to the handler: the socket, the client's address and
 * the transport its bytes go through. Immutable: a layer returns a new one with what it
 * changed.
 * <p>
 * A connection {@linkplain #inMemory made in memory} has no socket, only a transport: the
 * request a handler test gives its handler.
 *
 * @since 0.1.0
 */
public final class Connection {

	private final @Nullable SocketChannel channel;

	private final SocketAddress clientAddress;

	private final Transport transport;

	private final Map<Class<?>, Object> attributes;

	private Connection(@Nullable SocketChannel channel, SocketAddress clientAddress, Transport transport,
			Map<Class<?>, Object> attributes) {
		this.channel = channel;
		this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
		this.transport = Objects.requireNonNull(transport, "transport");
		this.attributes = attributes;
	}

	/**
	 * An accepted connection as the socket gives it, before any layer.
	 * @param channel the connected channel, in blocking mode
	 * @param clientAddress the peer's address
	 * @param traffic hears the bytes read and written on the socket
	 * @return the connection
	 */
	public static Connection accepted(SocketChannel channel, SocketAddress clientAddress, TrafficListener traffic) {
		return accepted(channel, clientAddress, traffic, null);
	}

	/**
	 * An accepted connection as the socket gives it, before any layer, whose writes are
	 * bounded: a write that makes no progress for {@code writeTimeout} closes the socket
	 * and fails with a {@link java.net.SocketTimeoutException}, also for every layer that
	 * writes through it.
	 * @param channel the connected channel, in blocking mode
	 * @param clientAddress the peer's address
	 * @param traffic hears the bytes read and written on the socket
	 * @param writeTimeout how long a write may make no progress, {@code null} without
	 * bound
	 * @return the connection
	 */
	public static Connection accepted(SocketChannel channel, SocketAddress clientAddress, TrafficListener traffic,
			@Nullable Duration writeTimeout) {
		long writeTimeoutNanos = (writeTimeout != null) ? writeTimeout.toNanos() : 0;
		return new Connection(Objects.requireNonNull(channel, "channel"), clientAddress,
				new SocketTransport(channel, clientAddress, traffic, writeTimeoutNanos), Map.of());
	}

	/**
	 * A connection without a socket, whose bytes are read and written through a transport
	 * alone: for tests of handlers, which need no network.
	 * @param clientAddress the address the handler sees as its client's
	 * @param transport where the bytes are read and written
	 * @return the connection
	 */
	public static Connection inMemory(SocketAddress clientAddress, Transport transport) {
		return new Connection(null, clientAddress, transport, Map.of());
	}

	/**
	 * The accepted socket, for socket options and the peer's credentials; read and write
	 * through {@link #transport()}.
	 * @return the channel
	 * @throws IllegalStateException if the connection was {@linkplain #inMemory made in
	 * memory}
	 */
	public SocketChannel channel() {
		SocketChannel channel = this.channel;
		if (channel == null) {
			throw new IllegalStateException(
					"The connection from " + this.clientAddress + " was made in memory: it has no socket");
		}
		return channel;
	}

	/**
	 * Whether a socket carries the connection, rather than a transport
	 * {@linkplain #inMemory made in memory}.
	 * @return true for an accepted connection
	 */
	public boolean hasChannel() {
		return this.channel != null;
	}

	/**
	 * The client's address: the socket's peer, or what a layer learnt (the client behind
	 * a proxy).
	 * @return the address
	 */
	public SocketAddress clientAddress() {
		return this.clientAddress;
	}

	/**
	 * Where the connection's bytes are read and written.
	 * @return the transport
	 */
	public Transport transport() {
		return this.transport;
	}

	/**
	 * The same connection from another client address.
	 * @param clientAddress the address the next layers and the handler see
	 * @return a new connection
	 */
	public Connection withClientAddress(SocketAddress clientAddress) {
		return new Connection(this.channel, clientAddress, this.transport, this.attributes);
	}

	/**
	 * The same connection read and written through another transport, typically one that
	 * wraps {@link #transport()}.
	 * @param transport the transport the next layers and the handler use
	 * @return a new connection
	 */
	public Connection withTransport(Transport transport) {
		return new Connection(this.channel, this.clientAddress, transport, this.attributes);
	}

	/**
	 * What a layer learnt about the connection and left for the handler, such as the
	 * PROXY protocol header it read or the TLS session, keyed by its type.
	 * @param <T> the type of the attribute
	 * @param type the type it was left under
	 * @return the attribute, or {@code null} if no layer left one of that type
	 */
	public <T> @Nullable T attribute(Class<T> type) {
		return type.cast(this.attributes.get(type));
	}

	/**
	 * The same connection with one more attribute, replacing one of the same type.
	 * @param <T> the type of the attribute
	 * @param type the type to leave it under
	 * @param value the attribute
	 * @return a new connection
	 */
	public <T> Connection withAttribute(Class<T> type, T value) {
		Map<Class<?>, Object> attributes = new HashMap<>(this.attributes);
		attributes.put(type, type.cast(Objects.requireNonNull(value, "value")));
		return new Connection(this.channel, this.clientAddress, this.transport, Map.copyOf(attributes));
	}

}
