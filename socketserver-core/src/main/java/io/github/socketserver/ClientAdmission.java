package io.github.socketserver;

import io.github.socketserver.connection.HeaderException;
import io.github.socketserver.connection.LayerException;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.listener.SocketServerListener.Rejection;

/**
 * Who a request's client is and whether it may be served: the connection layers that find
 * it (a PROXY header, TLS), then its share of the limits and the verifier. A server
 * without layers asks on the serving thread ({@link RequestDispatcher}), as Python
 * verifies; one with layers on the request's thread after they ran
 * ({@link RequestRunner}), so that a slow client never holds the serving loop.
 *
 * @param <R> the type of request
 */
final class ClientAdmission<R extends Request> {

	private final BaseServer<R> server;

	private final RequestDispatcher<R> dispatcher;

	private final SocketServerListener listener;

	private final RequestLimits limits;

	ClientAdmission(BaseServer<R> server, RequestDispatcher<R> dispatcher, RequestLimits limits) {
		this.server = server;
		this.dispatcher = dispatcher;
		this.listener = server.options().listener();
		this.limits = limits;
	}

	/**
	 * Runs the request's connection layers; a layer's refusal is reported as the client's
	 * fault.
	 */
	boolean open(R request) {
		try {
			((StreamRequest) request).open(this.server.options().layers());
			return true;
		}
		catch (Exception ex) {
			if (ex instanceof HeaderException) {
				this.listener.requestRejected(request, Rejection.HEADER);
			}
			this.dispatcher.reportError(request, (ex instanceof LayerException) ? ex
					: new LayerException("A connection layer refused the connection: " + ex, ex));
			return false;
		}
	}

	/**
	 * Counts a request against its client's share and asks the verifier; a refusal is
	 * counted and reported here, and the share given back whatever happens.
	 * @return true if the request may be handled; its share is then held
	 */
	boolean admitClient(R request) {
		if (!this.limits.admitClient(request)) {
			this.listener.requestRejected(request, Rejection.LIMIT);
			return false;
		}
		boolean verified = false;
		try {
			verified = this.server.verifyRequest(request);
		}
		catch (RuntimeException ex) {
			this.dispatcher.reportError(request, ex);
		}
		finally {
			if (!verified) {
				this.limits.releaseClient(request);
			}
		}
		if (!verified) {
			this.listener.requestRejected(request, Rejection.VERIFY);
		}
		return verified;
	}

}
