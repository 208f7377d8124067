package io.github.socketserver.message;

import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import org.jspecify.annotations.Nullable;

/**
 * A connection the server handed to its {@link MessageEngine} once its layers and
 * admission were done, and what the engine tells the server of it: each frame is a
 * request for metrics and observations, and the connection ends once, through
 * {@link #closed()}. The server implements it; handlers never see it.
 *
 * @since 0.2.0
 */
public interface AdoptedConnection {

	/**
	 * {@return the connection as the server took it: its socket, its client after the
	 * layers, and their attributes}
	 */
	StreamRequest request();

	/**
	 * Called before the handler is given a frame, on the thread that runs it.
	 * @return what {@link #frameFinished} is given back
	 */
	@Nullable Object frameStarted();

	/**
	 * Called after the handler returned from a frame, or threw.
	 * @param state what {@link #frameStarted()} returned
	 * @param failure what the handler threw, or {@code null}
	 * @param durationNanos how long the handler took
	 */
	void frameFinished(@Nullable Object state, @Nullable Throwable failure, long durationNanos);

	/**
	 * Reports a failure of the connection (its handler threw, a frame was malformed, a
	 * write timed out), as {@code handleError} does; the engine then closes it.
	 * @param exception the failure
	 */
	void reportError(Exception exception);

	/**
	 * Counts a refusal: a frame too long or malformed ({@link Rejection#FRAME}), or a
	 * frame the threading mode had no room for.
	 * @param reason why
	 */
	void rejected(Rejection reason);

	/**
	 * Ends the connection, once, after the engine closed it: its places are given back,
	 * its socket closed and its end counted.
	 */
	void closed();

}
