package io.github.socketserver.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Options of a server's socket, under {@code socketserver.servers.<name>.socket}.
 *
 * @since 0.1.0
 */
public class ServerSocketProperties {

	/**
	 * Whether to set SO_REUSEADDR, so that a restarted server binds a port that still has
	 * connections in TIME_WAIT. Inet servers only.
	 */
	private boolean reuseAddress = true;

	/**
	 * Whether to set SO_REUSEPORT, so that several processes can listen on one port. Inet
	 * servers only.
	 */
	private boolean reusePort;

	/**
	 * Listen backlog of a stream server: connections the system queues before they are
	 * accepted.
	 */
	private int queueSize = 128;

	/**
	 * SO_RCVBUF of the socket. When unset, the system's.
	 */
	private @Nullable DataSize receiveBufferSize;

	/**
	 * SO_SNDBUF of the socket and of accepted connections. When unset, the system's.
	 */
	private @Nullable DataSize sendBufferSize;

	/**
	 * Whether TCP connections send small writes at once (TCP_NODELAY); replies are
	 * already gathered until the handler reads again. TCP servers only.
	 */
	private boolean tcpNoDelay = true;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerSocketProperties() {
	}

	/**
	 * {@return whether to set {@code SO_REUSEADDR}, so a restarted server binds a port
	 * with connections in {@code TIME_WAIT}}
	 */
	public boolean isReuseAddress() {
		return this.reuseAddress;
	}

	/**
	 * Sets whether to set {@code SO_REUSEADDR}, so a restarted server binds a port with
	 * connections in {@code TIME_WAIT}.
	 * @param reuseAddress whether to set it
	 */
	public void setReuseAddress(boolean reuseAddress) {
		this.reuseAddress = reuseAddress;
	}

	/**
	 * {@return whether to set {@code SO_REUSEPORT}, so several processes can listen on
	 * one port}
	 */
	public boolean isReusePort() {
		return this.reusePort;
	}

	/**
	 * Sets whether to set {@code SO_REUSEPORT}, so several processes can listen on one
	 * port.
	 * @param reusePort whether to set it
	 */
	public void setReusePort(boolean reusePort) {
		this.reusePort = reusePort;
	}

	/**
	 * {@return the listen backlog of a stream server}
	 */
	public int getQueueSize() {
		return this.queueSize;
	}

	/**
	 * Sets the listen backlog of a stream server.
	 * @param queueSize the number of connections queued
	 */
	public void setQueueSize(int queueSize) {
		this.queueSize = queueSize;
	}

	/**
	 * {@return the {@code SO_RCVBUF} of the socket, {@code null} for the system's}
	 */
	public @Nullable DataSize getReceiveBufferSize() {
		return this.receiveBufferSize;
	}

	/**
	 * Sets the {@code SO_RCVBUF} of the socket, {@code null} for the system's.
	 * @param receiveBufferSize the size
	 */
	public void setReceiveBufferSize(@Nullable DataSize receiveBufferSize) {
		this.receiveBufferSize = receiveBufferSize;
	}

	/**
	 * {@return the {@code SO_SNDBUF} of the socket and accepted connections, {@code null}
	 * for the system's}
	 */
	public @Nullable DataSize getSendBufferSize() {
		return this.sendBufferSize;
	}

	/**
	 * Sets the {@code SO_SNDBUF} of the socket and accepted connections, {@code null} for
	 * the system's.
	 * @param sendBufferSize the size
	 */
	public void setSendBufferSize(@Nullable DataSize sendBufferSize) {
		this.sendBufferSize = sendBufferSize;
	}

	/**
	 * {@return whether TCP connections send small writes at once ({@code TCP_NODELAY})}
	 */
	public boolean isTcpNoDelay() {
		return this.tcpNoDelay;
	}

	/**
	 * Sets whether TCP connections send small writes at once ({@code TCP_NODELAY}).
	 * @param tcpNoDelay whether to set it
	 */
	public void setTcpNoDelay(boolean tcpNoDelay) {
		this.tcpNoDelay = tcpNoDelay;
	}

}
