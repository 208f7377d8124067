package io.github.socketserver;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.socketserver.codec.FrameException;
import io.github.socketserver.connection.HeaderException;
import io.github.socketserver.connection.LayerException;
import io.github.socketserver.handler.IdleTimeoutException;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.logging.LogThrottle;
import io.github.socketserver.message.AdoptedConnection;
import io.github.socketserver.message.MessageEngine;
import io.github.socketserver.message.MessageStreamHandler;
import io.github.socketserver.threading.LimitReachedException;
import io.github.socketserver.threading.RequestExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission and dispatch of a server's requests: Python's {@code _handle_request_noblock}
 * and {@code process_request_thread}, with the request limits, the requests in flight,
 * the refusals and the cut of those that outlive a close.
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

	/**
	 * How many requests cut at the end of a drain are named in a line of their own.
	 */
	private static final int NAMED_CUTS = 3;

	private final BaseServer<R> server;

	private final Source<R> getRequest;

	private final RequestExecutor executor;

	private final SocketServerListener listener;

	private final RequestLimits limits;

	private final InFlightRequests<R> inFlight = new InFlightRequests<>();

	private final ClientFaults clientFaults;

	/**
	 * Failures to take or start a request, logged at a bounded rate.
	 */
	private final LogThrottle acceptFaults = new LogThrottle();

	/**
	 * When the drain (or a close without one) began, as {@link System#nanoTime()}; 0
	 * until then.
	 */
	private final AtomicLong drainStartedAt = new AtomicLong();

	/**
	 * Whether {@link #beginDrain()} was called: connections waiting for a message end.
	 */
	private volatile boolean draining;

	/**
	 * Whether connection layers run before the client is known.
	 */
	private final boolean layered;

	/**
	 * The engine that takes each admitted connection of a message server, or {@code null}
	 * for a server whose handler holds its thread.
	 */
	private final @Nullable MessageEngine messages;

	RequestDispatcher(BaseServer<R> server, RequestExecutor executor, RequestLimits limits) {
		this.server = server;
		this.getRequest = server::getRequest;
		this.executor = executor;
		this.listener = server.options().listener();
		this.limits = limits;
		this.clientFaults = new ClientFaults(server.name());
		// Datagrams have no stream to layer.
		this.layered = !server.options().layers().isEmpty() && server.socketType() == SocketType.STREAM;
		this.messages = (server.handlerFactory() instanceof MessageStreamHandler binding
				&& server.socketType() == SocketType.STREAM)
						? new MessageEngine(binding.handler(), server.options(), executor) : null;
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
		if (!this.layered && !admitClient(request)) {
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
	 * Runs a request on the current thread: its layers, its admission, the handler, and
	 * its end.
	 */
	void run(R request) {
		if (!this.inFlight.start(request)) {
			return; // cut by close before it started
		}
		if (this.draining && request instanceof StreamRequest stream) {
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
				clientAdmitted = open(request) && admitClient(request);
			}
			if (clientAdmitted && this.messages != null && this.messages.adopt(new Adopted((StreamRequest) request))) {
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
					reportError(request, ex);
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
				reportError(request, ex);
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

	/**
	 * Runs the request's connection layers; a layer's refusal is reported as the client's
	 * fault.
	 */
	private boolean open(R request) {
		try {
			((StreamRequest) request).open(this.server.options().layers());
			return true;
		}
		catch (Exception ex) {
			if (ex instanceof HeaderException) {
				this.listener.requestRejected(request, Rejection.HEADER);
			}
			reportError(request, (ex instanceof LayerException) ? ex
					: new LayerException("A connection layer refused the connection: " + ex, ex));
			return false;
		}
	}

	/**
	 * Counts a request against its client's share and asks the verifier; a refusal is
	 * counted and reported here, and the share given back whatever happens.
	 * @return true if the request may be handled; its share is then held
	 */
	private boolean admitClient(R request) {
		if (!this.limits.admitClient(request)) {
			this.listener.requestRejected(request, Rejection.LIMIT);
			return false;
		}
		boolean verified = false;
		try {
			verified = this.server.verifyRequest(request);
		}
		catch (RuntimeException ex) {
			reportError(request, ex);
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

	/**
	 * Drains the server as it closes: a stream server stops listening at once, requests
	 * in flight get the grace period ({@code null}: they go on unwaited) and are cut
	 * after it, and a datagram server's socket, which replies go out through, is released
	 * last.
	 */
	void close(@Nullable Duration gracePeriod) {
		boolean datagram = this.server.socketType() == SocketType.DATAGRAM;
		if (!datagram) {
			this.server.serverClose();
		}
		markDrainStart();
		if (gracePeriod != null && this.messages != null) {
			// A message connection between frames has no request in flight: it closes
			// now, and one within frames finishes them in the grace period.
			this.messages.drain();
		}
		if (gracePeriod != null && !this.inFlight.awaitNone(gracePeriod)) {
			if (this.messages != null) {
				// Ends its connections through their own close, which gives back their
				// places; the cut then meets only connections still in their layers.
				this.messages.close();
			}
			cutRequests();
		}
		if (datagram) {
			this.server.serverClose();
		}
		if (this.messages != null) {
			// Stops its loops, closing the connections of a close without a grace period.
			this.messages.close();
		}
		List<Runnable> dropped = this.executor.close();
		rejectQueued();
		if (this.messages != null) {
			runDropped(dropped);
		}
	}

	/**
	 * Runs here what the executor let go unrun as it closed: for a message server, the
	 * frame runs and close notices of connections its engine closed, each of which tells
	 * the handler that its connection closed, as it must once. A connection queued there
	 * was refused first, and does not start.
	 */
	private void runDropped(List<Runnable> dropped) {
		for (Runnable task : dropped) {
			try {
				task.run();
			}
			catch (RuntimeException | Error ex) {
				logger.error("Server '{}' failed to end a connection as it closed", this.server.name(),
						LogText.trace(ex));
			}
		}
	}

	/**
	 * Begins a drain of the requests in flight, once: each connection whose handler waits
	 * for the start of its next message ends now, and the time is kept for the log line
	 * of a request cut at the end.
	 */
	void beginDrain() {
		markDrainStart();
		this.draining = true;
		this.inFlight.forEach((request, thread) -> {
			if (request instanceof StreamRequest stream) {
				stream.drain();
			}
		});
		if (this.messages != null) {
			this.messages.drain();
		}
	}

	/**
	 * Keeps when the drain, or a close without one, began, once.
	 */
	private void markDrainStart() {
		long now = System.nanoTime();
		this.drainStartedAt.compareAndSet(0, (now != 0) ? now : 1);
	}

	/**
	 * Refuses the requests no thread has taken yet, so that none starts once the server
	 * closes; a runner that takes one meanwhile loses the race in {@link #run}.
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
	 * Ends a request that never ran.
	 */
	private void end(R request, boolean clientAdmitted) {
		this.limits.release(request, clientAdmitted);
		try {
			this.server.shutdownRequest(request);
		}
		finally {
			this.inFlight.done(request);
		}
	}

	/**
	 * Cuts the requests still in flight after a grace period: queued ones are refused
	 * first, as cutting a running one frees its thread, which would otherwise take a
	 * queued request and start it on a closed server.
	 */
	private void cutRequests() {
		rejectQueued();
		long waitedMillis = (System.nanoTime() - this.drainStartedAt.get()) / 1_000_000;
		AtomicInteger cut = new AtomicInteger();
		this.inFlight.forEach((request, thread) -> {
			// Clients choose how many there are: the first few are named, the rest
			// counted.
			if (cut.incrementAndGet() <= NAMED_CUTS) {
				logger.warn("Server '{}' cut the request from {} still running {} ms after the drain began",
						this.server.name(), LogText.escape(request.clientAddress()), waitedMillis);
			}
			this.server.closeRequest(request);
			if (thread != null) {
				thread.interrupt();
			}
		});
		if (cut.get() > NAMED_CUTS) {
			logger.warn("Server '{}' cut {} requests still running {} ms after the drain began ({} more than named)",
					this.server.name(), cut.get(), waitedMillis, cut.get() - NAMED_CUTS);
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

	/**
	 * A connection of a message server, as its engine reports it: each frame a request
	 * for the listener, and one end.
	 */
	private final class Adopted implements AdoptedConnection {

		private final StreamRequest request;

		private final AtomicBoolean closed = new AtomicBoolean();

		Adopted(StreamRequest request) {
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
			return RequestDispatcher.this.listener.requestStarted(this.request);
		}

		@Override
		public void frameFinished(@Nullable Object state, @Nullable Throwable failure, long durationNanos) {
			RequestDispatcher.this.listener.requestFinished(this.request, state, failure, durationNanos);
		}

		@Override
		public void reportError(Exception exception) {
			RequestDispatcher.this.reportError(typed(), exception);
		}

		@Override
		public void rejected(Rejection reason) {
			RequestDispatcher.this.listener.requestRejected(this.request, reason);
		}

		@Override
		public void closed() {
			if (!this.closed.compareAndSet(false, true)) {
				return;
			}
			R request = typed();
			RequestDispatcher.this.limits.release(request, true);
			try {
				RequestDispatcher.this.server.shutdownRequest(request);
			}
			finally {
				RequestDispatcher.this.inFlight.done(request);
			}
		}

	}

}
