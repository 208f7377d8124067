package io.github.socketserver;

import io.github.socketserver.handler.ErrorHandler;
import io.github.socketserver.listener.SocketServerListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.socketserver.handler.LineTooLongException;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.threading.LimitReachedException;
import io.github.socketserver.threading.RequestExecutor;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of all servers, Python's {@code BaseServer}.
 * <p>
 * Methods for callers: {@link #serveForever(Duration)}, {@link #handleRequest()},
 * {@link #shutdown()}, {@link #close()}, {@link #channel()}, {@link #serverAddress()},
 * {@link #addressFamily()}, {@link #socketType()}, {@link #activeRequests()} and
 * {@link #awaitRequests(Duration)}.
 * <p>
 * Methods that may be overridden: {@link #serverBind()}, {@link #serverActivate()},
 * {@link #getRequest()}, {@link #verifyRequest}, {@link #processRequest},
 * {@link #finishRequest}, {@link #shutdownRequest}, {@link #closeRequest},
 * {@link #handleError}, {@link #handleTimeout()}, {@link #serviceActions()} and
 * {@link #serverClose()}.
 * <p>
 * A request goes {@code getRequest} &rarr; {@code verifyRequest} &rarr;
 * {@code processRequest} (through the threading mode) &rarr; {@code finishRequest} (the
 * handler's {@code setup}, {@code handle}, {@code finish}) &rarr; {@code shutdownRequest}
 * &rarr; {@code closeRequest}. An exception from the handler goes to {@code handleError}
 * once and the server goes on; an {@link Error} is not caught, as Python lets
 * {@code SystemExit} through.
 * <p>
 * The server tracks its requests in flight ({@link InFlightRequests}), whatever the
 * threading mode, so that it can wait for them and cut those that outlive a grace period.
 *
 * @param <R> the type of request its handlers take
 */
public abstract class BaseServer<R extends Request> implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BaseServer.class);

	private static final long MAX_ACCEPT_BACKOFF_MILLIS = 1000;

	private static final int READY_BUDGET = 64;

	/**
	 * The settings, a copy owned by this server.
	 */
	protected final ServerOptions options;

	private final Supplier<? extends RequestHandler<? super R>> handlers;

	private final RequestExecutor executor;

	private final SocketServerListener listener;

	private final RequestLimits limits;

	private final InFlightRequests<R> inFlight = new InFlightRequests<>();

	private final Object loopMonitor = new Object();

	private boolean serving;

	private volatile boolean shutdownRequested;

	private volatile @Nullable Selector loopSelector;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * Creates the server's executor; subclasses then open their channel.
	 * @param handlers gives the handler of each request: the same shared instance, or a
	 * new one
	 * @param options the settings, copied
	 */
	protected BaseServer(Supplier<? extends RequestHandler<? super R>> handlers, ServerOptions options) {
		this.handlers = Objects.requireNonNull(handlers, "handlers");
		this.options = options.copy();
		this.executor = this.options.threading().start(this.options.name());
		this.listener = this.options.listener();
		this.limits = new RequestLimits(this.options.name(), this.options.maxRequests(),
				this.options.maxRequestsPerClient());
	}

	// ---- for callers

	/**
	 * The server's socket, Python's {@code fileno()}: register it with a {@link Selector}
	 * and call {@link #handleRequest()} when it is ready. It is in non-blocking mode.
	 * @return the listening or receiving channel
	 */
	public abstract SelectableChannel channel();

	/**
	 * The bound address, Python's {@code server_address}: port 0 resolved to the real
	 * port.
	 * @return the address
	 * @throws IllegalStateException if the server is not bound
	 */
	public abstract SocketAddress serverAddress();

	/**
	 * The address the server was asked to bind, before port 0 was resolved; known before
	 * binding, so that a failed bind can say what it tried.
	 * @return the requested address
	 */
	public abstract SocketAddress requestedAddress();

	public abstract AddressFamily addressFamily();

	public abstract SocketType socketType();

	/**
	 * The server's name, from its options.
	 * @return the name
	 */
	public String name() {
		return this.options.name();
	}

	/**
	 * Who hears what this server does, from its options.
	 * @return the listener
	 */
	public SocketServerListener listener() {
		return this.listener;
	}

	/**
	 * The executor of the threading mode, for metrics of a pool.
	 * @return the executor
	 */
	public RequestExecutor requestExecutor() {
		return this.executor;
	}

	/**
	 * The threading mode.
	 * @return how requests run
	 */
	public Threading threading() {
		return this.options.threading();
	}

	/**
	 * Binds and activates the server, for one built with {@code bindAndActivate} false.
	 * Python's constructor does this; on failure the socket is closed and the exception
	 * thrown.
	 * @throws IOException if binding fails
	 */
	public void bindAndActivate() throws IOException {
		try {
			serverBind();
			serverActivate();
		}
		catch (IOException | RuntimeException ex) {
			closeWithin(null);
			throw ex;
		}
	}

	/**
	 * Handles requests until {@link #shutdown()} or {@link #close()}, checking for a
	 * shutdown every {@code pollInterval} at the latest. Only one thread may serve at a
	 * time.
	 * @param pollInterval how often to check for shutdown and call
	 * {@link #serviceActions()}
	 * @throws IOException if the server's channel cannot be selected
	 */
	public void serveForever(Duration pollInterval) throws IOException {
		synchronized (this.loopMonitor) {
			if (this.serving) {
				throw new IllegalStateException("Server '" + name() + "' is already serving");
			}
			this.serving = true;
		}
		long pollMillis = Math.max(1, pollInterval.toMillis());
		try (Selector selector = channel().provider().openSelector()) {
			SelectionKey key = channel().register(selector, readyOps());
			this.loopSelector = selector;
			long backoff = 0;
			while (!this.shutdownRequested && !this.closed.get() && !Thread.currentThread().isInterrupted()) {
				int ready = selector.select(pollMillis);
				if (this.shutdownRequested || this.closed.get()) {
					break;
				}
				if (ready > 0) {
					selector.selectedKeys().clear();
					backoff = (takeReadyRequests() >= 0) ? 0 : backOff(selector, key, backoff);
				}
				serviceActions();
			}
		}
		catch (ClosedChannelException ex) {
			// Closed before or while serving: the loop is over.
		}
		finally {
			this.loopSelector = null;
			this.shutdownRequested = false;
			synchronized (this.loopMonitor) {
				this.serving = false;
				this.loopMonitor.notifyAll();
			}
		}
	}

	/**
	 * Handles one request, waiting up to the {@code timeout} option for it; when none
	 * comes, calls {@link #handleTimeout()}.
	 * @throws IOException if the server's channel cannot be selected
	 */
	public void handleRequest() throws IOException {
		Duration timeout = this.options.timeout();
		try (Selector selector = channel().provider().openSelector()) {
			channel().register(selector, readyOps());
			int ready = (timeout != null) ? selector.select(Math.max(1, timeout.toMillis())) : selector.select();
			if (ready == 0) {
				handleTimeout();
				return;
			}
		}
		handleRequestNoBlock();
	}

	/**
	 * Stops {@link #serveForever} and waits until it has returned. The socket stays bound
	 * until {@link #close()}. Safe to call from any other thread, before or right after
	 * {@code serveForever} starts (it then returns at once), and more than once. Must not
	 * be called from a handler in {@code sync} mode, which runs on the serving thread.
	 */
	public void shutdown() {
		stopLoop(null);
	}

	/**
	 * Stops {@link #serveForever} as {@link #shutdown()} does, waiting at most
	 * {@code timeout} for it to return: in {@code sync} mode the loop first finishes the
	 * request it runs.
	 * @param timeout how long to wait; {@link Duration#ZERO} to only ask the loop to stop
	 * @return true if the loop is no longer running
	 */
	public boolean shutdown(Duration timeout) {
		return stopLoop(Objects.requireNonNull(timeout, "timeout"));
	}

	private boolean stopLoop(@Nullable Duration timeout) {
		this.shutdownRequested = true;
		wakeUpLoop();
		long deadline = (timeout != null) ? System.nanoTime() + timeout.toNanos() : 0;
		boolean interrupted = false;
		synchronized (this.loopMonitor) {
			while (this.serving) {
				long remaining = (timeout != null) ? deadline - System.nanoTime() : Long.MAX_VALUE;
				if (remaining <= 0) {
					break;
				}
				try {
					this.loopMonitor.wait((timeout != null) ? Math.max(1, remaining / 1_000_000) : 0);
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			return !this.serving;
		}
	}

	/**
	 * Stops taking new clients while the requests in flight go on, the first step of a
	 * graceful stop. A stream server closes its listening socket (and removes its Unix
	 * socket file), so that a new client is refused at once rather than left waiting in
	 * the backlog. A datagram server keeps its socket, as replies go out through it. Call
	 * {@link #shutdown()} first, then {@link #close()} when the requests are done.
	 */
	public void stopListening() {
		if (socketType() == SocketType.STREAM) {
			serverClose();
		}
	}

	/**
	 * Closes the server, Python's {@code server_close}: stops serving and releases the
	 * socket (and removes a Unix socket file). If the threading mode blocks on close,
	 * waits up to the {@code shutdownTimeout} option for the requests in flight and cuts
	 * those still running; otherwise they go on. Idempotent.
	 */
	@Override
	public void close() {
		closeWithin(threading().blockOnClose() ? this.options.shutdownTimeout() : null);
	}

	/**
	 * Closes the server as {@link #close()} does, waiting at most {@code gracePeriod} for
	 * the requests in flight whatever the threading mode, then cutting those still
	 * running.
	 * @param gracePeriod how long requests in flight may still run
	 */
	public void close(Duration gracePeriod) {
		closeWithin(Objects.requireNonNull(gracePeriod, "gracePeriod"));
	}

	private void closeWithin(@Nullable Duration gracePeriod) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		wakeUpLoop();
		boolean datagram = socketType() == SocketType.DATAGRAM;
		if (!datagram) {
			serverClose();
		}
		if (gracePeriod != null && !awaitRequests(gracePeriod)) {
			cutRequests(gracePeriod);
		}
		// A datagram server answers through its own socket, so that socket outlives the
		// requests.
		if (datagram) {
			serverClose();
		}
		this.executor.close();
		rejectQueued();
	}

	/**
	 * Refuses the requests no thread has taken yet, so that none starts once the server
	 * closes; a runner that takes one meanwhile loses the race in {@link #runRequest}.
	 */
	private void rejectQueued() {
		this.inFlight.forEachQueued(this::rejectAtShutdown);
	}

	/**
	 * Refuses a request no thread has taken, unless a thread took it meanwhile.
	 */
	private void rejectAtShutdown(R request) {
		if (this.inFlight.withdraw(request)) {
			this.listener.requestRejected(request, SocketServerListener.Rejection.SHUTDOWN);
			this.limits.release(request);
			shutdownRequest(request);
			requestDone(request);
		}
	}

	/**
	 * Whether {@link #close()} has been called.
	 * @return true once closed
	 */
	public boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * The number of requests in flight: running, or waiting for a thread of the pool.
	 * @return the number of requests in flight
	 */
	public int activeRequests() {
		return this.inFlight.size();
	}

	/**
	 * Waits until no request is in flight.
	 * @param timeout how long to wait at most
	 * @return true if none is left, false if the time ran out or the thread was
	 * interrupted
	 */
	public boolean awaitRequests(Duration timeout) {
		return this.inFlight.awaitNone(timeout);
	}

	// ---- may be overridden

	/**
	 * Binds the socket to the server's address, Python's {@code server_bind}. Java binds
	 * and listens in one call, so the listen backlog is applied here too.
	 * @throws IOException if the address cannot be bound
	 */
	public abstract void serverBind() throws IOException;

	/**
	 * Called after {@link #serverBind()}, Python's {@code server_activate}. Does nothing
	 * by default: the socket already listens.
	 * @throws IOException if activation fails
	 */
	public void serverActivate() throws IOException {
	}

	/**
	 * Releases the server's socket, Python's {@code server_close} without the waiting.
	 */
	protected abstract void serverClose();

	/**
	 * Takes the next request from the socket without blocking, Python's
	 * {@code get_request}.
	 * @return the request, or {@code null} if none is ready after all
	 * @throws IOException if accepting or receiving fails
	 */
	protected abstract @Nullable R getRequest() throws IOException;

	/**
	 * Decides whether to serve a request, Python's {@code verify_request}; access control
	 * goes here. Asks the {@code verifier} option by default, which serves every request.
	 * @param request the request
	 * @return true to serve it, false to close it at once
	 */
	protected boolean verifyRequest(R request) {
		return this.options.verifier().verifyRequest(request);
	}

	/**
	 * Runs a request through the threading mode, Python's {@code process_request}.
	 * @param request the request
	 * @throws RejectedExecutionException if the mode has no room for it
	 */
	protected void processRequest(R request) {
		this.executor.execute(() -> runRequest(request));
	}

	/**
	 * Runs a request on the current thread, Python's {@code process_request_thread}:
	 * {@link #finishRequest}, {@link #handleError} if it threw, and
	 * {@link #shutdownRequest}.
	 * @param request the request
	 */
	protected final void runRequest(R request) {
		if (!this.inFlight.start(request)) {
			return; // cut by close before it started
		}
		long start = System.nanoTime();
		Object state = this.listener.requestStarted(request);
		Throwable failure = null;
		try {
			finishRequest(request);
		}
		catch (Exception ex) {
			failure = ex;
			reportError(request, ex);
		}
		catch (Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			// The room the request took is given back before the client sees its end, so
			// that a client coming back at once is not refused by a limit or a full pool.
			this.limits.release(request);
			this.executor.requestEnding();
			try {
				shutdownRequest(request);
				this.listener.requestFinished(request, state, failure, System.nanoTime() - start);
			}
			finally {
				// Even if a listener throws, the request is no longer in flight: a close
				// must not wait for it.
				requestDone(request);
			}
		}
	}

	/**
	 * Calls the handler, Python's {@code finish_request}: {@code setup}, {@code handle},
	 * and {@code finish} even if {@code handle} threw.
	 * @param request the request
	 * @throws Exception what the handler threw
	 */
	protected void finishRequest(R request) throws Exception {
		RequestHandler<? super R> handler = this.handlers.get();
		prepareRequest(request, handler);
		handler.setup(request);
		try {
			handler.handle(request);
		}
		finally {
			handler.finish(request);
		}
	}

	/**
	 * Applies per-handler settings to a request before {@code setup}. Does nothing by
	 * default.
	 * @param request the request
	 * @param handler its handler
	 * @throws IOException if a setting cannot be applied
	 */
	protected void prepareRequest(R request, RequestHandler<? super R> handler) throws IOException {
	}

	/**
	 * Ends a request, Python's {@code shutdown_request}: stream servers flush and shut
	 * the connection down, datagram servers send the reply. Calls {@link #closeRequest}
	 * by default.
	 * @param request the request
	 */
	protected void shutdownRequest(R request) {
		closeRequest(request);
	}

	/**
	 * Releases what a request holds, Python's {@code close_request}. Does nothing by
	 * default.
	 * @param request the request
	 */
	protected void closeRequest(R request) {
	}

	/**
	 * Reports a request that failed, Python's {@code handle_error}. Calls the
	 * {@code errorHandler} option if set, or logs the exception with the client's
	 * address: with its stack trace, as Python prints the traceback, unless the client
	 * caused it (a line over the bound, a read that timed out, a peer that went away),
	 * which a server facing the network sees all the time and which one line tells.
	 * @param request the request
	 * @param exception what it failed with
	 */
	protected void handleError(R request, Exception exception) {
		ErrorHandler errorHandler = this.options.errorHandler();
		if (errorHandler != null) {
			errorHandler.handleError(request, exception);
			return;
		}
		if (isClosed() && isCut(exception)) {
			// Closing cut the request and said so, with its client.
			logger.debug("Request from {} on server '{}' ended as it was cut: {}", request.clientAddress(), name(),
					exception.toString());
			return;
		}
		if (isClientFault(exception)) {
			logger.warn("Server '{}' ended the request from {}: {}", name(), request.clientAddress(),
					exception.toString());
			return;
		}
		logger.error("Exception occurred during processing of request from {} on server '{}'", request.clientAddress(),
				name(), exception);
	}

	/**
	 * What a handler sees when closing cuts its request: its channel closed under it, or
	 * its thread interrupted.
	 */
	private static boolean isCut(Exception exception) {
		return exception instanceof AsynchronousCloseException || exception instanceof InterruptedException
				|| exception instanceof InterruptedIOException;
	}

	private static boolean isClientFault(Exception exception) {
		if (exception instanceof LineTooLongException || exception instanceof SocketTimeoutException) {
			return true;
		}
		// The JDK tells a peer that went away only by the message of a SocketException.
		String message = exception.getMessage();
		return exception instanceof SocketException && message != null
				&& (message.contains("Broken pipe") || message.contains("Connection reset"));
	}

	/**
	 * Called when {@link #handleRequest()} waited its {@code timeout} for nothing,
	 * Python's {@code handle_timeout}. Does nothing by default.
	 */
	protected void handleTimeout() {
	}

	/**
	 * Called on every turn of {@link #serveForever}, Python's {@code service_actions}.
	 * Does nothing by default.
	 */
	protected void serviceActions() {
	}

	// ---- internals

	private int readyOps() {
		return (socketType() == SocketType.STREAM) ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
	}

	/**
	 * Takes the requests that are ready, up to a bound so that a flood cannot hold off a
	 * shutdown: one select then serves a burst of connections or datagrams.
	 * @return the last result of {@link #handleRequestNoBlock()}
	 */
	private int takeReadyRequests() {
		int result;
		int budget = READY_BUDGET;
		do {
			result = handleRequestNoBlock();
		}
		while (result > 0 && --budget > 0 && !this.shutdownRequested && !this.closed.get());
		return result;
	}

	/**
	 * Python's {@code _handle_request_noblock}.
	 * @return 1 if a request was taken, 0 if none was ready, -1 if taking one failed, so
	 * the loop backs off
	 */
	private int handleRequestNoBlock() {
		R request;
		try {
			request = getRequest();
		}
		catch (ClosedChannelException ex) {
			return 0;
		}
		catch (IOException ex) {
			logger.warn("Server '{}' could not take a request: {}", name(), ex.toString());
			return -1;
		}
		if (request == null) {
			return 0;
		}
		if (!this.limits.admit(request)) {
			this.listener.requestRejected(request, SocketServerListener.Rejection.LIMIT);
			shutdownRequest(request);
			return 1;
		}
		boolean verified;
		try {
			verified = verifyRequest(request);
		}
		catch (RuntimeException ex) {
			reportError(request, ex);
			verified = false;
		}
		if (!verified) {
			this.listener.requestRejected(request, SocketServerListener.Rejection.VERIFY);
			this.limits.release(request);
			shutdownRequest(request);
			return 1;
		}
		this.inFlight.queue(request);
		if (isClosed()) {
			// Accepted as the server closed: close has looked at the requests in flight,
			// or is about to, and this one must not start after it returns.
			rejectAtShutdown(request);
			return 1;
		}
		try {
			processRequest(request);
		}
		catch (RuntimeException ex) {
			if (this.inFlight.withdraw(request)) {
				this.listener.requestRejected(request, rejection(ex));
				if (!(ex instanceof RejectedExecutionException)) {
					reportError(request, ex);
				}
				else if (!isClosed()) {
					// A full pool refuses as the limits do: counted, and logged at a
					// bounded rate rather than as an error with a stack trace each.
					this.limits.refused(request, "the capacity of threading mode " + threading());
				}
				this.limits.release(request);
				shutdownRequest(request);
				requestDone(request);
			}
		}
		return 1;
	}

	/**
	 * Calls {@link #handleError}; an error handler that fails itself is logged, so that
	 * it cannot stop the serving loop.
	 */
	private void reportError(R request, Exception exception) {
		this.listener.errorReported(request, exception);
		try {
			handleError(request, exception);
		}
		catch (RuntimeException ex) {
			logger.error("The error handler of server '{}' failed on the request from {}", name(),
					request.clientAddress(), ex);
		}
	}

	private SocketServerListener.Rejection rejection(RuntimeException ex) {
		if (isClosed()) {
			return SocketServerListener.Rejection.SHUTDOWN;
		}
		return (ex instanceof LimitReachedException) ? SocketServerListener.Rejection.LIMIT
				: SocketServerListener.Rejection.QUEUE_FULL;
	}

	private void requestDone(R request) {
		this.inFlight.done(request);
	}

	/**
	 * Stops selecting the channel for a while after a failure such as too many open
	 * files, so the loop does not spin; a shutdown still wakes it at once.
	 */
	private long backOff(Selector selector, SelectionKey key, long previous) throws IOException {
		long backoff = Math.min(MAX_ACCEPT_BACKOFF_MILLIS, Math.max(5, previous * 2));
		key.interestOps(0);
		selector.select(backoff);
		selector.selectedKeys().clear();
		if (key.isValid()) {
			key.interestOps(readyOps());
		}
		return backoff;
	}

	private void cutRequests(Duration gracePeriod) {
		// Queued requests first: cutting a running one frees its thread, which would
		// otherwise take a queued request and start it on a closed server.
		rejectQueued();
		this.inFlight.forEach((request, thread) -> {
			logger.warn("Server '{}' cut the request from {} still running after {} ms", name(),
					request.clientAddress(), gracePeriod.toMillis());
			closeRequest(request);
			if (thread != null) {
				thread.interrupt();
			}
		});
	}

	private void wakeUpLoop() {
		Selector selector = this.loopSelector;
		if (selector != null) {
			selector.wakeup();
		}
	}

}
