package io.github.socketserver;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.logging.LogThrottle;
import io.github.socketserver.message.MessageEngine;
import io.github.socketserver.message.MessageStreamHandler;
import io.github.socketserver.threading.LimitReachedException;
import io.github.socketserver.threading.RequestExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission and dispatch of a server's requests: Python's
 * {@code _handle_request_noblock}, with the request limits, the requests in flight, the
 * refusals and the error report. Running a request on its own thread is
 * {@link RequestRunner}'s, the admission of its client {@link ClientAdmission}'s, and the
 * drain, close and cut of those that outlive it {@link RequestDrain}'s.
 * <p>
 * On the serving thread a request is counted against the server's total and handed to the
 * threading mode. Its client's share is counted and the verifier asked on the serving
 * thread too, as Python verifies, unless the server has connection layers: then they run
 * on the request's thread after the layers, so that they see the client the layers found
 * and a slow client never holds the serving loop. Whatever happens, the request ends
 * through {@code shutdownRequest} once.
 *
 * @param <R> the type of request
 */
final class RequestDispatcher<R extends Request> {

	private static final Logger logger = LoggerFactory.getLogger(BaseServer.class);

	private final BaseServer<R> server;

	private final Source<R> getRequest;

	private final SocketServerListener listener;

	private final RequestLimits limits;

	private final InFlightRequests<R> inFlight = new InFlightRequests<>();

	private final ClientFaults clientFaults;

	/**
	 * Failures to take or start a request, logged at a bounded rate.
	 */
	private final LogThrottle acceptFaults = new LogThrottle();

	/**
	 * Whether connection layers run before the client is known.
	 */
	private final boolean layered;

	private final ClientAdmission<R> admission;

	private final RequestDrain<R> drain;

	private final RequestRunner<R> runner;

	RequestDispatcher(BaseServer<R> server, RequestExecutor executor, RequestLimits limits) {
		this.server = server;
		this.getRequest = server::getRequest;
		this.listener = server.options().listener();
		this.limits = limits;
		this.clientFaults = new ClientFaults(server.name());
		// Datagrams have no stream to layer.
		this.layered = !server.options().layers().isEmpty() && server.socketType() == SocketType.STREAM;
		// The engine that takes each admitted connection of a message server, or null
		// for a server whose handler holds its thread.
		MessageEngine messages = (server.handlerFactory() instanceof MessageStreamHandler binding
				&& server.socketType() == SocketType.STREAM)
						? new MessageEngine(binding.handler(), server.options(), executor) : null;
		this.admission = new ClientAdmission<>(server, this, limits);
		this.drain = new RequestDrain<>(server, this, executor, this.inFlight, messages);
		this.runner = new RequestRunner<>(server, this, this.admission, this.drain, executor, limits, this.inFlight,
				this.layered, messages);
	}

	InFlightRequests<R> inFlight() {
		return this.inFlight;
	}

	/**
	 * Takes one request and hands it to the threading mode, on the serving thread.
	 * @return 1 if a request was taken, 0 if none was ready, -1 if taking one failed, so
	 * the loop backs off
	 */
	int takeOne() {
		return takeOne(this.getRequest);
	}

	/**
	 * Takes one request from a source of the server's own, such as one of a datagram
	 * server's receiving sockets, as {@link #takeOne()} does.
	 */
	int takeOne(Source<R> source) {
		R request;
		try {
			request = source.take();
		}
		catch (ClosedChannelException ex) {
			return 0;
		}
		catch (IOException | RuntimeException ex) {
			// The host's fault (too many open files) or one client's (a peer address that
			// cannot be decoded): that request is lost, and the loop backs off and goes
			// on.
			this.listener.acceptFailed(ex);
			long count = this.acceptFaults.tryLog();
			if (count > 0) {
				// The JDK's text of an I/O error needs no escaping; escaping loads a
				// class, which fails once the descriptors are gone.
				logger.warn("Server '{}' could not take a request: {} ({} such since the last report)",
						this.server.name(), (ex instanceof IOException) ? ex.toString() : LogText.escape(ex), count);
			}
			return -1;
		}
		if (request == null) {
			return 0;
		}
		if (!this.limits.admit(request)) {
			this.listener.requestRejected(request, Rejection.LIMIT);
			this.server.shutdownRequest(request);
			return 1;
		}
		if (!this.layered && !this.admission.admitClient(request)) {
			// Refused before it takes any room of the threading mode.
			this.limits.release(request, false);
			this.server.shutdownRequest(request);
			return 1;
		}
		this.inFlight.queue(request);
		if (this.server.isClosed()) {
			// Accepted as the server closed: close has looked at the requests in flight,
			// or is about to, and this one must not start after it returns.
			rejectAtShutdown(request);
			return 1;
		}
		try {
			this.server.processRequest(request);
		}
		catch (RuntimeException ex) {
			refuseUnstarted(request, ex);
		}
		catch (OutOfMemoryError ex) {
			// The host could not give the request a thread ("unable to create native
			// thread"): refuse it and back off. An error from a handler that already ran
			// in place (sync mode) is not caught.
			if (!refuseUnstarted(request, ex)) {
				throw ex;
			}
			return -1;
		}
		return 1;
	}

	/**
	 * Refuses a request the threading mode did not start, now on the serving thread or
	 * later on a thread where it waited for room.
	 * @return false if it started after all, so the failure is not a refusal
	 */
	boolean refuseUnstarted(R request, Throwable ex) {
		if (!this.inFlight.withdraw(request)) {
			return false;
		}
		boolean closed = this.server.isClosed();
		this.listener.requestRejected(request, closed ? Rejection.SHUTDOWN
				: (ex instanceof LimitReachedException) ? Rejection.LIMIT : Rejection.QUEUE_FULL);
		if (ex instanceof Error) {
			long count = this.acceptFaults.tryLog();
			if (count > 0) {
				logger.error(
						"Server '{}' refused the request from {}: no thread for it ({}; {} such since the "
								+ "last report)",
						this.server.name(), LogText.escape(request.clientAddress()), ex, count);
			}
		}
		else if (!(ex instanceof RejectedExecutionException)) {
			reportError(request, (Exception) ex);
		}
		else if (!closed) {
			// A full pool refuses as the limits do: counted, and logged at a bounded
			// rate rather than as an error with a stack trace each.
			this.limits.refused(request, "the capacity of threading mode " + this.server.threading());
		}
		end(request, !this.layered);
		return true;
	}

	/**
	 * Runs admitted requests on their own threads.
	 */
	RequestRunner<R> runner() {
		return this.runner;
	}

	/**
	 * Drains the server as it closes; see {@link RequestDrain#close}.
	 */
	void close(@Nullable Duration gracePeriod) {
		this.drain.close(gracePeriod);
	}

	/**
	 * Begins a drain of the requests in flight, once; see
	 * {@link RequestDrain#beginDrain}.
	 */
	void beginDrain() {
		this.drain.beginDrain();
	}

	/**
	 * Refuses the requests no thread has taken yet, so that none starts once the server
	 * closes; a runner that takes one meanwhile loses the race in
	 * {@link RequestRunner#run}.
	 */
	void rejectQueued() {
		this.inFlight.forEachQueued(this::rejectAtShutdown);
	}

	private void rejectAtShutdown(R request) {
		if (this.inFlight.withdraw(request)) {
			this.listener.requestRejected(request, Rejection.SHUTDOWN);
			end(request, !this.layered);
		}
	}

	/**
	 * Ends a request that never ran, or the connection a message engine adopted.
	 */
	void end(R request, boolean clientAdmitted) {
		this.limits.release(request, clientAdmitted);
		try {
			this.server.shutdownRequest(request);
		}
		finally {
			this.inFlight.done(request);
		}
	}

	/**
	 * Logs a failed request as {@code handleError} does without an error handler.
	 */
	void logError(R request, Exception exception) {
		this.clientFaults.report(request, exception, this.server.isClosed());
	}

	/**
	 * Calls {@code handleError}; an error handler that fails itself is logged, so that it
	 * cannot stop the serving loop.
	 */
	void reportError(R request, Exception exception) {
		this.listener.errorReported(request, exception);
		try {
			this.server.handleError(request, exception);
		}
		catch (RuntimeException ex) {
			logger.error("The error handler of server '{}' failed on the request from {}", this.server.name(),
					LogText.escape(request.clientAddress()), LogText.trace(ex));
		}
	}

	/**
	 * Where the serving loop takes a request from: {@code getRequest} or its like.
	 */
	@FunctionalInterface
	interface Source<R> {

		@Nullable R take() throws IOException;

	}

}
