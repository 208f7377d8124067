package io.github.socketserver;

import io.github.socketserver.listener.SocketServerListener;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.Objects;

import io.github.socketserver.handler.RequestVerifier;
import io.github.socketserver.handler.ErrorHandler;
import io.github.socketserver.handler.Request;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a server: Python's class attributes ({@code allow_reuse_address},
 * {@code request_queue_size}, {@code max_packet_size}, {@code timeout}...) as one object.
 * <p>
 * Mutable and not thread-safe: configure it, then give it to a server, which keeps a
 * copy. The defaults are Python's where Python has one.
 */
public final class ServerOptions {

	private String name = "socketserver";

	private Threading threading = Threading.sync();

	private boolean allowReuseAddress;

	private boolean allowReusePort;

	private int requestQueueSize = 5;

	private int maxPacketSize = 8192;

	private int receiveBufferSize;

	private int sendBufferSize;

	private @Nullable Duration timeout;

	private @Nullable Duration readTimeout;

	private @Nullable Duration idleTimeout;

	private boolean tcpNoDelay;

	private int maxLineLength = 8192;

	private Duration shutdownTimeout = Duration.ofSeconds(30);

	private RequestVerifier verifier = (request) -> true;

	private @Nullable ErrorHandler errorHandler;

	private SocketServerListener listener = SocketServerListener.NONE;

	private int maxRequests;

	private int maxRequestsPerClient;

	private @Nullable Set<PosixFilePermission> socketFilePermissions;

	private @Nullable String socketFileGroup;

	public ServerOptions copy() {
		ServerOptions copy = new ServerOptions();
		copy.name = this.name;
		copy.threading = this.threading;
		copy.allowReuseAddress = this.allowReuseAddress;
		copy.allowReusePort = this.allowReusePort;
		copy.requestQueueSize = this.requestQueueSize;
		copy.maxPacketSize = this.maxPacketSize;
		copy.receiveBufferSize = this.receiveBufferSize;
		copy.sendBufferSize = this.sendBufferSize;
		copy.timeout = this.timeout;
		copy.readTimeout = this.readTimeout;
		copy.idleTimeout = this.idleTimeout;
		copy.tcpNoDelay = this.tcpNoDelay;
		copy.maxLineLength = this.maxLineLength;
		copy.shutdownTimeout = this.shutdownTimeout;
		copy.verifier = this.verifier;
		copy.errorHandler = this.errorHandler;
		copy.listener = this.listener;
		copy.maxRequests = this.maxRequests;
		copy.maxRequestsPerClient = this.maxRequestsPerClient;
		copy.socketFilePermissions = this.socketFilePermissions;
		copy.socketFileGroup = this.socketFileGroup;
		return copy;
	}

	/**
	 * The server's name, used in thread names and log lines.
	 * @return the name, "socketserver" by default
	 */
	public String name() {
		return this.name;
	}

	public ServerOptions name(String name) {
		this.name = Objects.requireNonNull(name, "name");
		return this;
	}

	/**
	 * How requests run.
	 * @return the threading mode, {@link Threading#sync()} by default
	 */
	public Threading threading() {
		return this.threading;
	}

	public ServerOptions threading(Threading threading) {
		this.threading = Objects.requireNonNull(threading, "threading");
		return this;
	}

	/**
	 * Whether to set {@code SO_REUSEADDR}, Python's {@code allow_reuse_address}; inet
	 * only.
	 * @return false by default, as Python
	 */
	public boolean allowReuseAddress() {
		return this.allowReuseAddress;
	}

	public ServerOptions allowReuseAddress(boolean allowReuseAddress) {
		this.allowReuseAddress = allowReuseAddress;
		return this;
	}

	/**
	 * Whether to set {@code SO_REUSEPORT}, Python's {@code allow_reuse_port}; inet only.
	 * @return false by default
	 */
	public boolean allowReusePort() {
		return this.allowReusePort;
	}

	public ServerOptions allowReusePort(boolean allowReusePort) {
		this.allowReusePort = allowReusePort;
		return this;
	}

	/**
	 * The listen backlog of a stream server, Python's {@code request_queue_size}.
	 * @return 5 by default, as Python
	 */
	public int requestQueueSize() {
		return this.requestQueueSize;
	}

	public ServerOptions requestQueueSize(int requestQueueSize) {
		this.requestQueueSize = positive(requestQueueSize, "requestQueueSize");
		return this;
	}

	/**
	 * The largest datagram a datagram server accepts, Python's {@code max_packet_size};
	 * larger ones are dropped and logged.
	 * @return 8192 bytes by default, as Python
	 */
	public int maxPacketSize() {
		return this.maxPacketSize;
	}

	public ServerOptions maxPacketSize(int maxPacketSize) {
		this.maxPacketSize = positive(maxPacketSize, "maxPacketSize");
		return this;
	}

	/**
	 * {@code SO_RCVBUF} of the server's socket, inherited by accepted connections.
	 * @return the size in bytes, 0 (the default) for the system's
	 */
	public int receiveBufferSize() {
		return this.receiveBufferSize;
	}

	public ServerOptions receiveBufferSize(int receiveBufferSize) {
		this.receiveBufferSize = notNegative(receiveBufferSize, "receiveBufferSize");
		return this;
	}

	/**
	 * {@code SO_SNDBUF} of the server's socket and of accepted connections.
	 * @return the size in bytes, 0 (the default) for the system's
	 */
	public int sendBufferSize() {
		return this.sendBufferSize;
	}

	public ServerOptions sendBufferSize(int sendBufferSize) {
		this.sendBufferSize = notNegative(sendBufferSize, "sendBufferSize");
		return this;
	}

	/**
	 * How long {@link BaseServer#handleRequest()} waits for a request before it calls
	 * {@code handleTimeout}, Python's {@code timeout}.
	 * @return the timeout, {@code null} (the default) to wait without bound
	 */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	public ServerOptions timeout(@Nullable Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	/**
	 * How long a read of a stream handler may wait for data, unless the handler says
	 * otherwise.
	 * @return the read timeout, {@code null} (the default) to wait without bound
	 */
	public @Nullable Duration readTimeout() {
		return this.readTimeout;
	}

	public ServerOptions readTimeout(@Nullable Duration readTimeout) {
		this.readTimeout = readTimeout;
		return this;
	}

	/**
	 * How long one read call of a stream handler on {@code rfile()} (a line, a
	 * {@code readNBytes}, a {@code read}) may take in total, across the socket reads it
	 * needs. The read timeout bounds each wait for bytes, which a client sending one byte
	 * at a time defeats; this bounds the call, so such a client, or one that sends
	 * nothing, is cut, while one streaming data is not. The handler gets an
	 * {@link io.github.socketserver.handler.IdleTimeoutException}; the error is reported
	 * and the connection closed.
	 * @return the idle timeout, {@code null} (the default) for none
	 */
	public @Nullable Duration idleTimeout() {
		return this.idleTimeout;
	}

	public ServerOptions idleTimeout(@Nullable Duration idleTimeout) {
		if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
			throw new IllegalArgumentException("idleTimeout must be more than zero, was " + idleTimeout);
		}
		this.idleTimeout = idleTimeout;
		return this;
	}

	/**
	 * Whether accepted TCP connections set {@code TCP_NODELAY}, unless the handler asks
	 * for it.
	 * @return false by default
	 */
	public boolean tcpNoDelay() {
		return this.tcpNoDelay;
	}

	public ServerOptions tcpNoDelay(boolean tcpNoDelay) {
		this.tcpNoDelay = tcpNoDelay;
		return this;
	}

	/**
	 * The longest line {@code rfile().readLine()} accepts.
	 * @return 8192 bytes by default
	 */
	public int maxLineLength() {
		return this.maxLineLength;
	}

	public ServerOptions maxLineLength(int maxLineLength) {
		this.maxLineLength = positive(maxLineLength, "maxLineLength");
		return this;
	}

	/**
	 * How long {@link BaseServer#close()} waits for requests in flight when the threading
	 * mode blocks on close; requests still running then are cut.
	 * @return 30 seconds by default
	 */
	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	public ServerOptions shutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
		return this;
	}

	/**
	 * What {@link BaseServer#verifyRequest} asks, so that access control needs no
	 * subclass.
	 * @return the verifier; by default every request is served
	 */
	public RequestVerifier verifier() {
		return this.verifier;
	}

	public ServerOptions verifier(RequestVerifier verifier) {
		this.verifier = Objects.requireNonNull(verifier, "verifier");
		return this;
	}

	/**
	 * What {@link BaseServer#handleError} calls instead of logging.
	 * @return the error handler, {@code null} (the default) to log the error
	 */
	public @Nullable ErrorHandler errorHandler() {
		return this.errorHandler;
	}

	public ServerOptions errorHandler(@Nullable ErrorHandler errorHandler) {
		this.errorHandler = errorHandler;
		return this;
	}

	/**
	 * Who hears what the server does: metrics, tracing, events.
	 * @return the listener, {@link SocketServerListener#NONE} by default
	 */
	public SocketServerListener listener() {
		return this.listener;
	}

	public ServerOptions listener(SocketServerListener listener) {
		this.listener = Objects.requireNonNull(listener, "listener");
		return this;
	}

	/**
	 * Adds a listener after the ones already set.
	 * @param listener the listener to add
	 * @return these options
	 */
	public ServerOptions addListener(SocketServerListener listener) {
		this.listener = (this.listener == SocketServerListener.NONE) ? listener
				: SocketServerListener.of(List.of(this.listener, listener));
		return this;
	}

	/**
	 * The most requests in flight at once, in every threading mode: for a stream server
	 * the open connections. Past it a new connection is closed at once, or a datagram
	 * dropped, and the refusal counted and logged.
	 * @return the limit, 0 (the default) for none, as Python
	 */
	public int maxRequests() {
		return this.maxRequests;
	}

	public ServerOptions maxRequests(int maxRequests) {
		this.maxRequests = notNegative(maxRequests, "maxRequests");
		return this;
	}

	/**
	 * The most requests in flight from one client address (inet servers).
	 * @return the limit, 0 (the default) for none
	 */
	public int maxRequestsPerClient() {
		return this.maxRequestsPerClient;
	}

	public ServerOptions maxRequestsPerClient(int maxRequestsPerClient) {
		this.maxRequestsPerClient = notNegative(maxRequestsPerClient, "maxRequestsPerClient");
		return this;
	}

	/**
	 * The permissions of a Unix server's socket file, set after bind; connecting needs
	 * write permission.
	 * @return the permissions, {@code null} (the default) to leave the system's (umask)
	 */
	public @Nullable Set<PosixFilePermission> socketFilePermissions() {
		return this.socketFilePermissions;
	}

	public ServerOptions socketFilePermissions(@Nullable Set<PosixFilePermission> socketFilePermissions) {
		this.socketFilePermissions = (socketFilePermissions != null) ? Set.copyOf(socketFilePermissions) : null;
		return this;
	}

	/**
	 * The group owning a Unix server's socket file, set after bind.
	 * @return the group name, {@code null} (the default) to leave the process's
	 */
	public @Nullable String socketFileGroup() {
		return this.socketFileGroup;
	}

	public ServerOptions socketFileGroup(@Nullable String socketFileGroup) {
		this.socketFileGroup = socketFileGroup;
		return this;
	}

	private static int positive(int value, String name) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, was " + value);
		}
		return value;
	}

	private static int notNegative(int value, String name) {
		if (value < 0) {
			throw new IllegalArgumentException(name + " must not be negative, was " + value);
		}
		return value;
	}

}
