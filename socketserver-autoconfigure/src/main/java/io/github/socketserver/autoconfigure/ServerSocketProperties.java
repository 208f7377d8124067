package io.github.socketserver.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Options of a server's socket, under {@code socketserver.servers.<name>.socket}.
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

	public boolean isReuseAddress() {
		return this.reuseAddress;
	}

	public void setReuseAddress(boolean reuseAddress) {
		this.reuseAddress = reuseAddress;
	}

	public boolean isReusePort() {
		return this.reusePort;
	}

	public void setReusePort(boolean reusePort) {
		this.reusePort = reusePort;
	}

	public int getQueueSize() {
		return this.queueSize;
	}

	public void setQueueSize(int queueSize) {
		this.queueSize = queueSize;
	}

	public @Nullable DataSize getReceiveBufferSize() {
		return this.receiveBufferSize;
	}

	public void setReceiveBufferSize(@Nullable DataSize receiveBufferSize) {
		this.receiveBufferSize = receiveBufferSize;
	}

	public @Nullable DataSize getSendBufferSize() {
		return this.sendBufferSize;
	}

	public void setSendBufferSize(@Nullable DataSize sendBufferSize) {
		this.sendBufferSize = sendBufferSize;
	}

	public boolean isTcpNoDelay() {
		return this.tcpNoDelay;
	}

	public void setTcpNoDelay(boolean tcpNoDelay) {
		this.tcpNoDelay = tcpNoDelay;
	}

}
