package io.github.socketserver;

import java.util.concurrent.atomic.AtomicBoolean;

import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.message.AdoptedConnection;
import org.jspecify.annotations.Nullable;

/**
 * A connection of a message server, as its engine reports it: each frame a request for
 * the listener, and one end. The engine sees the server only through it, so that the
 * {@code message} package knows nothing of the dispatcher.
 *
 * @param <R> the type of request
 */
final class AdoptedRequest<R extends Request> implements AdoptedConnection {

	private final RequestDispatcher<R> dispatcher;

	private final SocketServerListener listener;

	private final StreamRequest request;

	private final AtomicBoolean closed = new AtomicBoolean();

	AdoptedRequest(RequestDispatcher<R> dispatcher, SocketServerListener listener, StreamRequest request) {
		this.dispatcher = dispatcher;
		this.listener = listener;
		this.request = request;
	}

	@SuppressWarnings("unchecked")
	private R typed() {
		return (R) this.request;
	}

	@Override
	public StreamRequest request() {
		return this.request;
	}

	@Override
	public @Nullable Object frameStarted() {
		return this.listener.requestStarted(this.request);
	}

	@Override
	public void frameFinished(@Nullable Object state, @Nullable Throwable failure, long durationNanos) {
		this.listener.requestFinished(this.request, state, failure, durationNanos);
	}

	@Override
	public void reportError(Exception exception) {
		this.dispatcher.reportError(typed(), exception);
	}

	@Override
	public void rejected(Rejection reason) {
		this.listener.requestRejected(this.request, reason);
	}

	@Override
	public void closed() {
		if (this.closed.compareAndSet(false, true)) {
			this.dispatcher.end(typed(), true);
		}
	}

}
