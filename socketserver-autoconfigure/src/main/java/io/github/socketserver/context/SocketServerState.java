package io.github.socketserver.context;

/**
 * Where a {@link ManagedSocketServer} is in its life. A server stopped or failed can be
 * started again, and is then {@link #RUNNING} on a fresh socket.
 *
 * @since 0.1.0
 */
public enum SocketServerState {

	/**
	 * Created, not yet bound.
	 */
	CREATED,

	/**
	 * Bound and serving.
	 */
	RUNNING,

	/**
	 * No longer taking requests; requests in flight finish.
	 */
	DRAINING,

	/**
	 * Closed.
	 */
	STOPPED,

	/**
	 * Could not bind, or its serving loop failed.
	 */
	FAILED

}
