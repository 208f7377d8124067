package io.github.socketserver.options;

import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The grouped settings of {@link ServerOptions.Builder}: the socket, the stream and
 * datagram reading, the limits and the socket file, each setter with its default. A room
 * of its own so that the builder keeps the server's identity, threading and hooks; its
 * setters are the builder's own.
 */
abstract class GroupedSettings {

	boolean allowReuseAddress;

	boolean allowReusePort;

	int requestQueueSize = SocketOptions.DEFAULTS.requestQueueSize();

	int receiveBufferSize;

	int sendBufferSize;

	boolean tcpNoDelay;

	@Nullable Duration readTimeout;

	@Nullable Duration idleTimeout;

	int maxLineLength = StreamOptions.DEFAULTS.maxLineLength();

	@Nullable Duration writeTimeout = StreamOptions.DEFAULT_WRITE_TIMEOUT;

	int maxPacketSize = DatagramOptions.DEFAULTS.maxPacketSize();

	DatagramOptions.Oversize oversize = DatagramOptions.DEFAULTS.oversize();

	int datagramReceivers = DatagramOptions.DEFAULTS.receivers();

	int maxRequests;

	int maxRequestsPerClient;

	int ipv6ClientPrefix = LimitOptions.DEFAULT_IPV6_CLIENT_PREFIX;

	@Nullable Set<PosixFilePermission> socketFilePermissions;

	@Nullable String socketFileGroup;

	/**
	 * Sets {@code SO_REUSEADDR} on an inet socket, Python's {@code allow_reuse_address}.
	 * @param allowReuseAddress whether to set it; false by default
	 * @return this builder
	 */
	public ServerOptions.Builder allowReuseAddress(boolean allowReuseAddress) {
		this.allowReuseAddress = allowReuseAddress;
		return self();
	}

	/**
	 * Sets {@code SO_REUSEPORT} on an inet socket, Python's {@code allow_reuse_port}.
	 * @param allowReusePort whether to set it; false by default
	 * @return this builder
	 */
	public ServerOptions.Builder allowReusePort(boolean allowReusePort) {
		this.allowReusePort = allowReusePort;
		return self();
	}

	/**
	 * Sets the listen backlog of a stream server, Python's {@code request_queue_size}.
	 * @param requestQueueSize the backlog; 5 by default
	 * @return this builder
	 */
	public ServerOptions.Builder requestQueueSize(int requestQueueSize) {
		this.requestQueueSize = requestQueueSize;
		return self();
	}

	/**
	 * Sets {@code SO_RCVBUF}, inherited by accepted connections.
	 * @param receiveBufferSize the size in bytes; 0 for the system's, the default
	 * @return this builder
	 */
	public ServerOptions.Builder receiveBufferSize(int receiveBufferSize) {
		this.receiveBufferSize = receiveBufferSize;
		return self();
	}

	/**
	 * Sets {@code SO_SNDBUF} of the socket and accepted connections.
	 * @param sendBufferSize the size in bytes; 0 for the system's, the default
	 * @return this builder
	 */
	public ServerOptions.Builder sendBufferSize(int sendBufferSize) {
		this.sendBufferSize = sendBufferSize;
		return self();
	}

	/**
	 * Sets {@code TCP_NODELAY} on accepted TCP connections unless the handler asks.
	 * @param tcpNoDelay whether to set it; false by default
	 * @return this builder
	 */
	public ServerOptions.Builder tcpNoDelay(boolean tcpNoDelay) {
		this.tcpNoDelay = tcpNoDelay;
		return self();
	}

	/**
	 * Sets how long a read may wait for data, Python's handler {@code timeout}.
	 * @param readTimeout the timeout; none by default
	 * @return this builder
	 */
	public ServerOptions.Builder readTimeout(@Nullable Duration readTimeout) {
		this.readTimeout = readTimeout;
		return self();
	}

	/**
	 * Sets how long one read call on {@code rfile()} may take in total, so a client that
	 * trickles bytes is cut.
	 * @param idleTimeout the timeout; none by default
	 * @return this builder
	 */
	public ServerOptions.Builder idleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
		return self();
	}

	/**
	 * Sets how long a write to a connection may make no progress (the client takes no
	 * bytes) before it fails and the connection is closed, so that a client that stops
	 * reading cannot hold a thread and its places for ever.
	 * @param writeTimeout the timeout, {@code null} for no bound; 30 seconds by default
	 * @return this builder
	 */
	public ServerOptions.Builder writeTimeout(@Nullable Duration writeTimeout) {
		this.writeTimeout = writeTimeout;
		return self();
	}

	/**
	 * Sets the longest line {@code rfile().readLine()} accepts.
	 * @param maxLineLength the length in bytes; 8192 by default, at most 1 GiB
	 * @return this builder
	 */
	public ServerOptions.Builder maxLineLength(int maxLineLength) {
		this.maxLineLength = maxLineLength;
		return self();
	}

	/**
	 * Sets the largest datagram handed to a handler whole, Python's
	 * {@code max_packet_size}.
	 * @param maxPacketSize the size in bytes; 8192 by default
	 * @return this builder
	 */
	public ServerOptions.Builder maxPacketSize(int maxPacketSize) {
		this.maxPacketSize = maxPacketSize;
		return self();
	}

	/**
	 * Sets what a datagram server does with a datagram larger than {@code maxPacketSize}.
	 * @param oversize what to do; dropped by default
	 * @return this builder
	 */
	public ServerOptions.Builder oversize(DatagramOptions.Oversize oversize) {
		this.oversize = Objects.requireNonNull(oversize, "oversize");
		return self();
	}

	/**
	 * Sets how many sockets a UDP server receives on, each bound to the same port with
	 * {@code SO_REUSEPORT} and served by a loop of its own, so that datagrams are taken
	 * (and, in the sync mode, handled) on several cores.
	 * @param receivers the number; {@link DatagramOptions#PER_PROCESSOR} for one per
	 * available processor; 1 by default, Python's one socket
	 * @return this builder
	 */
	public ServerOptions.Builder datagramReceivers(int receivers) {
		this.datagramReceivers = receivers;
		return self();
	}

	/**
	 * Caps the requests in flight at once, so a flood is refused.
	 * @param maxRequests the cap; 0 for none, the default
	 * @return this builder
	 */
	public ServerOptions.Builder maxRequests(int maxRequests) {
		this.maxRequests = maxRequests;
		return self();
	}

	/**
	 * Caps the requests in flight from one client address.
	 * @param maxRequestsPerClient the cap; 0 for none, the default
	 * @return this builder
	 */
	public ServerOptions.Builder maxRequestsPerClient(int maxRequestsPerClient) {
		this.maxRequestsPerClient = maxRequestsPerClient;
		return self();
	}

	/**
	 * Sets how much of an IPv6 client's address names the client for
	 * {@link #maxRequestsPerClient(int)}: the addresses of one prefix share one cap.
	 * @param ipv6ClientPrefix the prefix length in bits, 1 to 128; 64 by default
	 * @return this builder
	 */
	public ServerOptions.Builder ipv6ClientPrefix(int ipv6ClientPrefix) {
		this.ipv6ClientPrefix = ipv6ClientPrefix;
		return self();
	}

	/**
	 * Sets the permissions of a Unix server's socket file before clients can connect.
	 * @param socketFilePermissions the permissions; none by default, to leave the umask's
	 * @return this builder
	 */
	public ServerOptions.Builder socketFilePermissions(@Nullable Set<PosixFilePermission> socketFilePermissions) {
		this.socketFilePermissions = socketFilePermissions;
		return self();
	}

	/**
	 * Sets the group owning a Unix server's socket file.
	 * @param socketFileGroup the group; none by default, to leave the process's
	 * @return this builder
	 */
	public ServerOptions.Builder socketFileGroup(@Nullable String socketFileGroup) {
		this.socketFileGroup = socketFileGroup;
		return self();
	}

	/**
	 * {@return the builder these settings belong to}
	 */
	private ServerOptions.Builder self() {
		return (ServerOptions.Builder) this;
	}

}
