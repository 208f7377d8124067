package io.github.socketserver.listener;

import java.util.List;

import io.github.socketserver.connection.TrafficListener;
import io.github.socketserver.handler.Request;
import org.jspecify.annotations.Nullable;

/**
 * What a server reports while it runs, for metrics, tracing and events; one listener per
 * server, set with the options' {@code listener} or {@code addListener}. It also hears
 * the bytes of every connection and datagram ({@link TrafficListener}).
 * <p>
 * Methods are called on the server's threads, some on every request or every socket read
 * and write: implementations must be thread-safe and quick, and must not throw. Every
 * method does nothing by default.
 * <p>
 * For a stream server a request is a connection: it is opened when accepted, started when
 * a handler takes it, finished when the handler returns, and closed last. Opened and
 * closed are socket-level, before the connection's layers have run: they speak of the
 * socket's peer ({@code StreamRequest.peerAddress()}); from {@link #requestStarted} on,
 * {@code clientAddress()} is the client the layers found. A datagram server has no
 * connections: each datagram is a request.
 *
 * @since 0.1.0
 */
public interface SocketServerListener extends TrafficListener {

	/**
	 * A listener that reports nothing.
	 */
	SocketServerListener NONE = new SocketServerListener() {
	};

	/**
	 * Why a request was refused before a handler saw it.
	 */
	enum Rejection {

		/**
		 * {@code verifyRequest} said no.
		 */
		VERIFY,

		/**
		 * The threading mode had no room: the pool and its queue were full.
		 */
		QUEUE_FULL,

		/**
		 * A limit of the server was reached.
		 */
		LIMIT,

		/**
		 * The server was closing.
		 */
		SHUTDOWN,

		/**
		 * The header a connection must start with (a PROXY protocol header) was missing,
		 * malformed, too long, too slow, or sent from a source not trusted to send it.
		 */
		HEADER,

		/**
		 * A frame was longer than the codec's maximum, or its bytes could never make a
		 * frame: the connection was closed.
		 */
		FRAME

	}

	/**
	 * A stream server accepted a connection.
	 * @param request the connection
	 */
	default void connectionOpened(Request request) {
	}

	/**
	 * A connection was closed, whether it was served or refused.
	 * @param request the connection
	 * @param durationNanos how long it was open
	 */
	default void connectionClosed(Request request, long durationNanos) {
	}

	/**
	 * A request was refused before a handler saw it.
	 * @param request the request
	 * @param reason why
	 */
	default void requestRejected(Request request, Rejection reason) {
	}

	/**
	 * A handler is about to take a request, on the thread that will run it.
	 * @param request the request
	 * @return anything the listener needs back in {@link #requestFinished}, or
	 * {@code null}
	 */
	default @Nullable Object requestStarted(Request request) {
		return null;
	}

	/**
	 * The handler is done with a request, on the thread that ran it.
	 * @param request the request
	 * @param state what {@link #requestStarted} returned
	 * @param failure what the handler threw, or {@code null} if it returned
	 * @param durationNanos how long the handler ran
	 */
	default void requestFinished(Request request, @Nullable Object state, @Nullable Throwable failure,
			long durationNanos) {
	}

	/**
	 * An error was reported to {@code handleError}.
	 * @param request the request that failed
	 * @param exception what it failed with
	 */
	default void errorReported(Request request, Throwable exception) {
	}

	/**
	 * The serving loop could not take a request ({@code get_request} failed): accepting a
	 * connection or receiving a datagram failed, as when the process has no file
	 * descriptor left or a peer's address cannot be decoded. That request is lost; the
	 * loop backs off and goes on. Called on the thread that takes the server's requests
	 * (a datagram server's receivers have one each), which must not be held.
	 * @param exception what taking the request failed with
	 */
	default void acceptFailed(Exception exception) {
	}

	/**
	 * A datagram larger than the server's {@code maxPacketSize} was dropped, as the
	 * {@code drop} oversize policy says.
	 */
	default void datagramDropped() {
	}

	/**
	 * A datagram larger than the server's {@code maxPacketSize} was cut to that size and
	 * handed on, as Python does, under the {@code truncate} oversize policy.
	 */
	default void datagramTruncated() {
	}

	/**
	 * A fork server started a child process for a request, on the thread that runs the
	 * request.
	 * @param request the request
	 * @param pid the child's process id
	 */
	default void childStarted(Request request, long pid) {
	}

	/**
	 * A child process of a fork server ended and was reaped. Called once per child that
	 * {@link #childStarted} reported, before the request finishes.
	 * @param request the request
	 * @param pid the child's process id
	 * @param exitCode its exit code; 128 plus the signal's number if a signal ended it
	 * @param killed whether the server killed it: at its time limit, when the client went
	 * away, or when closing the server cut the request
	 */
	default void childExited(Request request, long pid, int exitCode, boolean killed) {
	}

	/**
	 * Several listeners as one, called in order.
	 * @param listeners the listeners
	 * @return a listener that calls each of them
	 */
	static SocketServerListener of(List<SocketServerListener> listeners) {
		if (listeners.isEmpty()) {
			return NONE;
		}
		if (listeners.size() == 1) {
			return listeners.get(0);
		}
		return new CompositeSocketServerListener(List.copyOf(listeners));
	}

}
