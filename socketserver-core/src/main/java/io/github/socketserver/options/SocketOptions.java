package io.github.socketserver.options;

/**
 * How the server's socket is opened and bound: Python's {@code allow_reuse_address},
 * {@code allow_reuse_port} and {@code request_queue_size}, and the socket buffers.
 *
 * @param allowReuseAddress whether to set {@code SO_REUSEADDR} (inet only); false by
 * default, as Python
 * @param allowReusePort whether to set {@code SO_REUSEPORT} (inet only); false by default
 * @param requestQueueSize the listen backlog of a stream server; 5 by default, as Python
 * @param receiveBufferSize {@code SO_RCVBUF} in bytes, inherited by accepted connections;
 * 0 for the system's
 * @param sendBufferSize {@code SO_SNDBUF} in bytes, of the socket and accepted
 * connections; 0 for the system's
 * @param tcpNoDelay whether accepted TCP connections set {@code TCP_NODELAY} unless the
 * handler asks for it; false by default
 * @since 0.1.0
 */
public record SocketOptions(boolean allowReuseAddress, boolean allowReusePort, int requestQueueSize,
		int receiveBufferSize, int sendBufferSize, boolean tcpNoDelay) {

	/**
	 * Python's defaults.
	 */
	public static final SocketOptions DEFAULTS = new SocketOptions(false, false, 5, 0, 0, false);

	/**
	 * Checks the settings, so a mistake shows when the options are built.
	 * @param allowReuseAddress whether to set {@code SO_REUSEADDR}
	 * @param allowReusePort whether to set {@code SO_REUSEPORT}
	 * @param requestQueueSize the listen backlog of a stream server, at least 1
	 * @param receiveBufferSize {@code SO_RCVBUF} in bytes; 0 for the system's
	 * @param sendBufferSize {@code SO_SNDBUF} in bytes; 0 for the system's
	 * @param tcpNoDelay whether accepted TCP connections set {@code TCP_NODELAY}
	 * @throws IllegalArgumentException if a size is out of range
	 */
	public SocketOptions {
		Check.atLeast(requestQueueSize, 1, "requestQueueSize");
		Check.atLeast(receiveBufferSize, 0, "receiveBufferSize");
		Check.atLeast(sendBufferSize, 0, "sendBufferSize");
	}

}
