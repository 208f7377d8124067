package io.github.socketserver;

import java.io.IOException;
import java.net.SocketTimeoutException;

import io.github.socketserver.codec.FrameException;
import io.github.socketserver.handler.IdleTimeoutException;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.message.MessageEngine;
import io.github.socketserver.threading.RequestExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an admitted request on the thread its threading mode gave, Python's
 * {@code process_request_thread}: its connection layers, the admission of its client when
 * layers ran first, the handler (or the message engine's adoption), and its end. Kept
 * apart from {@link RequestDispatcher}, which works on the serving thread, because this
 * is the one piece that runs on a request's own thread, under a parked handler.
 *
 * @param <R> the type of request
 */
final class RequestRunner<R extends Request> {

	private static final Logger logger = LoggerFactory.getLogger(BaseServer.class);

	private final BaseServer<R> server;

	private final RequestDispatcher<R> dispatcher;

	private final ClientAdmission<R> admission;

	private final RequestDrain<R> drain;

	private final RequestExecutor executor;

	private final SocketServerListener listener;

	private final RequestLimits limits;

	private final InFlightRequests<R> inFlight;

	/**
	 * Whether connection layers run before the client is known.
	 */
	private final boolean layered;

	/**
	 * The engine that takes each admitted connection of a message server, or {@code null}
	 * for a server whose handler holds its thread.
	 */
	private final @Nullable MessageEngine messages;

	RequestRunner(BaseServer<R> server, RequestDispatcher<R> dispatcher, ClientAdmission<R> admission,
			RequestDrain<R> drain, RequestExecutor executor, RequestLimits limits, InFlightRequests<R> inFlight,
			boolean layered, @Nullable MessageEngine messages) {
		this.server = server;
		this.dispatcher = dispatcher;
		this.admission = admission;
		this.drain = drain;
		this.executor = executor;
		this.listener = server.options().listener();
		this.limits = limits;
		this.inFlight = inFlight;
		this.layered = layered;
		this.messages = messages;
	}

	/**
	 * Runs a request on the current thread: its layers, its admission, the handler, and
	 * its end.
	 */
	void run(R request) {
		if (!this.inFlight.start(request)) {
			return; // cut by close before it started
		}
		if (this.drain.draining() && request instanceof StreamRequest stream) {
			// Taken as the drain began, after it looked at the requests in flight.
			stream.drain();
		}
		boolean clientAdmitted = !this.layered;
		long start = 0;
		Object state = null;
		Throwable failure = null;
		boolean adopted = false;
		try {
			if (this.layered) {
				clientAdmitted = this.admission.open(request) && this.admission.admitClient(request);
			}
			if (clientAdmitted && this.messages != null && this.messages
				.adopt(new AdoptedRequest<>(this.dispatcher, this.listener, (StreamRequest) request))) {
				// A message connection: the engine reads it with no thread of its own,
				// and ends it through the adopted connection's close, which may have
				// come already (then this does nothing).
				this.inFlight.adopt(request);
				adopted = true;
			}
			else if (clientAdmitted) {
				// A stream, or a message connection whose layers cannot be detached:
				// its handler holds this thread.
				start = System.nanoTime();
				state = this.listener.requestStarted(request);
				try {
					this.server.finishRequest(request);
					throwIdleTimeout(request);
				}
				catch (Exception ex) {
					failure = ex;
					this.dispatcher.reportError(request, ex);
					if (ex instanceof FrameException) {
						this.listener.requestRejected(request, Rejection.FRAME);
					}
				}
				catch (Error ex) {
					failure = ex;
					throw ex;
				}
			}
		}
		finally {
			if (!adopted) {
				endRun(request, clientAdmitted, state, start, failure);
			}
		}
	}

	/**
	 * Reports an idle timeout that the handler caught and did not rethrow: the connection
	 * is cut all the same. Checked here rather than in an override of
	 * {@code finishRequest}, which would add frames to every parked handler's stack.
	 */
	private static void throwIdleTimeout(Request request) throws IdleTimeoutException {
		if (request instanceof StreamRequest stream) {
			IdleTimeoutException expired = stream.idleTimeoutExpired();
			if (expired != null) {
				throw expired;
			}
		}
	}

	/**
	 * Ends a request that ran on this thread, whatever happened to it.
	 */
	private void endRun(R request, boolean clientAdmitted, @Nullable Object state, long start,
			@Nullable Throwable failure) {
		// The last flush comes first: a client that does not read holds the request's
		// places until the write timeout ends it. The room is then given back before the
		// client sees its end, so that a client coming back at once is not refused by a
		// limit or a full pool.
		Throwable outcome = sendRest(request, failure);
		this.limits.release(request, clientAdmitted);
		this.executor.requestEnding();
		try {
			this.server.shutdownRequest(request);
			if (clientAdmitted) {
				this.listener.requestFinished(request, state, outcome, System.nanoTime() - start);
			}
		}
		finally {
			// Even if a listener throws, the request is no longer in flight: a close must
			// not wait for it.
			this.inFlight.done(request);
		}
	}

	/**
	 * Sends what the handler left in a connection's {@code wfile} and closes it: a write
	 * that timed out fails the request, if nothing failed it before.
	 * @return the request's failure
	 */
	private @Nullable Throwable sendRest(R request, @Nullable Throwable failure) {
		if (!(request instanceof StreamRequest stream)) {
			return failure;
		}
		try {
			stream.wfile().close();
		}
		catch (SocketTimeoutException ex) {
			if (failure == null) {
				this.dispatcher.reportError(request, ex);
				return ex;
			}
		}
		catch (IOException ex) {
			// The client went away first: nothing left to tell it.
			logger.debug("Ending the connection from {} on server '{}' failed", LogText.escape(request.clientAddress()),
					this.server.name(), LogText.trace(ex));
		}
		return failure;
	}

}
