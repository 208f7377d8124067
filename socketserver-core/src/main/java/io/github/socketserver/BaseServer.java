package io.github.socketserver;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.socketserver.handler.ErrorHandler;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.threading.RequestExecutor;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;

/**
 * The base of all servers, Python's {@code BaseServer}.
 * <p>
 * Methods for callers: {@link #serveForever(Duration)}, {@link #handleRequest()},
 * {@link #shutdown()}, {@link #close()}, {@link #channel()}, {@link #serverAddress()},
 * {@link #addressFamily()}, {@link #socketType()}, {@link #activeRequests()} and
 * {@link #awaitRequests(Duration)}.
 * <p>
 * Methods that may be overridden: {@link #serverBind()}, {@link #serverActivate()},
 * {@link #getRequest()}, {@link #processRequest}, {@link #verifyRequest},
 * {@link #finishRequest}, {@link #shutdownRequest}, {@link #closeRequest},
 * {@link #handleError}, {@link #handleTimeout()}, {@link #serviceActions()} and
 * {@link #serverClose()}.
 * <p>
 * A request goes {@code getRequest} &rarr; {@code processRequest} (the threading mode)
 * &rarr; the connection's layers, if any &rarr; {@code verifyRequest} &rarr;
 * {@code finishRequest} ({@code setup}, {@code handle}, {@code finish}) &rarr;
 * {@code shutdownRequest} &rarr; {@code closeRequest}. The verifier runs on the serving
 * thread, as in Python, unless the server has layers: then on the request's thread after
 * them, so that it sees the client they found. An exception from the handler goes to
 * {@code handleError} once; an {@link Error} is not caught, as Python lets
 * {@code SystemExit} through.
 * <p>
 * This class keeps Python's face; the serving loop ({@link ServingLoop}), admission and
 * dispatch ({@link RequestDispatcher}), the run of a request ({@link RequestRunner}), the
 * drain ({@link RequestDrain}) and the default error report ({@link ClientFaults}) are
 * rooms of their own.
 *
 * @param <R> the type of request its handlers take
 * @since 0.1.0
 */
public abstract class BaseServer<R extends Request> implements AutoCloseable {

	private final ServerOptions options;

	private final Supplier<? extends RequestHandler<? super R>> handlers;

	private final RequestExecutor executor;

	private final RequestDispatcher<R> dispatcher;

	private final ServingLoop loop = new ServingLoop(this);

	private final RequestServer requestServer = new RequestServerView(this);

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * Creates the server's executor; subclasses then open their channel.
	 * @param handlers gives each request its handler, Python's
	 * {@code RequestHandlerClass}
	 * @param options the settings
	 */
	protected BaseServer(Supplier<? extends RequestHandler<? super R>> handlers, ServerOptions options) {
		this.handlers = Objects.requireNonNull(handlers, "handlers");
		this.options = Objects.requireNonNull(options, "options");
		this.executor = options.threading().start(options.name());
		this.dispatcher = new RequestDispatcher<>(this, this.executor,
				new RequestLimits(options.name(), options.limits()));
	}

	/**
	 * The server's socket, Python's {@code fileno()}: register it with a {@link Selector}
	 * and call {@link #handleRequest()} when it is ready. It is in non-blocking mode.
	 * @return the listening or receiving channel
	 */
	public abstract SelectableChannel channel();

	/**
	 * {@return the bound address, Python's {@code server_address}, with the real port}
	 * @throws IllegalStateException if the server is not bound
	 */
	public abstract SocketAddress serverAddress();

	/**
	 * {@return the address the server was asked to bind, so a failed bind can say it}
	 */
	public abstract SocketAddress requestedAddress();

	/**
	 * {@return the address family of the server's socket, Python's
	 * {@code address_family}}
	 */
	public abstract AddressFamily addressFamily();

	/**
	 * {@return the type of the server's socket, Python's {@code socket_type}}
	 */
	public abstract SocketType socketType();

	/**
	 * {@return whether the server's socket was inherited bound from a supervisor (systemd
	 * socket activation) rather than bound by the server; such a socket is left to the
	 * supervisor at close, its file included}
	 */
	public boolean isInherited() {
		return false;
	}

	/**
	 * {@return the server's name, from its options}
	 */
	public String name() {
		return this.options.name();
	}

	/**
	 * {@return the options the server was built with}
	 */
	public ServerOptions options() {
		return this.options;
	}

	/**
	 * {@return what gives each request its handler, Python's {@code RequestHandlerClass}}
	 */
	public Supplier<? extends RequestHandler<? super R>> handlerFactory() {
		return this.handlers;
	}

	/**
	 * {@return the executor of the threading mode, for metrics of a pool}
	 */
	public RequestExecutor requestExecutor() {
		return this.executor;
	}

	/**
	 * {@return the threading mode}
	 */
	public Threading threading() {
		return this.options.threading();
	}

	/**
	 * Binds and activates the server, as Python's constructor does; on failure the socket
	 * is closed.
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
	 * Handles requests until {@link #shutdown()} or {@link #close()}, on one thread.
	 * @param pollInterval how often to call {@link #serviceActions()} at the latest
	 * @throws IOException if the server's channel cannot be selected
	 */
	public void serveForever(Duration pollInterval) throws IOException {
		this.loop.serveForever(pollInterval, receivers());
	}

	/**
	 * Handles one request, waiting up to the {@code timeout} option, then calls
	 * {@link #handleTimeout()}; without one, until a request comes, a close or an
	 * interrupt.
	 * @throws IOException if the server's channel cannot be selected
	 */
	public void handleRequest() throws IOException {
		Duration timeout = this.options.timeout();
		ServingLoop.Receiver ready = this.loop.awaitReady(timeout, receivers());
		if (ready != null) {
			ready.takeRequest().getAsInt();
		}
		else if (timeout != null && !Thread.currentThread().isInterrupted()) {
			handleTimeout();
		}
	}

	/**
	 * Stops {@link #serveForever} and waits until it has returned; the socket stays bound
	 * until {@link #close()}. Idempotent, from any thread but the serving one: a handler
	 * calls {@code request.server().shutdown()}, which does not wait.
	 */
	public void shutdown() {
		this.loop.stop(null);
	}

	/**
	 * Stops {@link #serveForever} as {@link #shutdown()} does, waiting at most
	 * {@code timeout} ({@link Duration#ZERO} to only ask).
	 * @param timeout how long to wait
	 * @return true if the loop is no longer running
	 */
	public boolean shutdown(Duration timeout) {
		return this.loop.stop(Objects.requireNonNull(timeout, "timeout"));
	}

	/**
	 * Begins a graceful drain and returns at once: stops {@link #serveForever} (a
	 * datagram server's loop first handles the datagrams its socket already holds), stops
	 * taking new clients ({@link #stopListening()}), and ends each connection whose
	 * handler waits for the start of its next message with nothing buffered: its read
	 * sees the end of the stream. Requests mid-message go on: wait for them with
	 * {@link #shutdown(Duration)} and {@link #awaitRequests(Duration)}, and
	 * {@link #close(Duration)} cuts those left. Idempotent.
	 */
	public void drain() {
		this.loop.drain();
		stopListening();
		this.dispatcher.beginDrain();
	}

	/**
	 * Stops taking new clients while the requests in flight go on, after
	 * {@link #shutdown()}: a stream server closes its listening socket, so that a client
	 * is refused at once; a datagram server keeps its socket, as replies go out through
	 * it.
	 */
	public void stopListening() {
		if (socketType() == SocketType.STREAM) {
			serverClose();
		}
	}

	/**
	 * Closes the server, Python's {@code server_close}, idempotent: releases the socket
	 * (and a Unix socket file); if the mode blocks on close, waits up to the
	 * {@code shutdownTimeout} option for the requests in flight, then cuts them.
	 */
	@Override
	public void close() {
		closeWithin(threading().blockOnClose() ? this.options.shutdownTimeout() : null);
	}

	/**
	 * Closes the server as {@link #close()} does, whatever the mode.
	 * @param gracePeriod how long requests in flight may still run before they are cut
	 */
	public void close(Duration gracePeriod) {
		closeWithin(Objects.requireNonNull(gracePeriod, "gracePeriod"));
	}

	private void closeWithin(@Nullable Duration gracePeriod) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.loop.wakeUp();
		this.dispatcher.close(gracePeriod);
	}

	/**
	 * {@return whether {@link #close()} has been called}
	 */
	public boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * {@return the requests in flight: running, or waiting for a thread of the pool}
	 */
	public int activeRequests() {
		return this.dispatcher.inFlight().size();
	}

	/**
	 * Waits until no request is in flight.
	 * @param timeout how long to wait at most
	 * @return true if none is left, false on timeout or interrupt
	 */
	public boolean awaitRequests(Duration timeout) {
		return this.dispatcher.inFlight().awaitNone(timeout);
	}

	/**
	 * Binds the socket to the server's address, Python's {@code server_bind}. Java binds
	 * and listens in one call, so the listen backlog is applied here too.
	 * @throws IOException if the address cannot be bound
	 */
	public abstract void serverBind() throws IOException;

	/**
	 * Called after {@link #serverBind()}, Python's {@code server_activate}.
	 * @throws IOException if activation fails
	 */
	public void serverActivate() throws IOException {
	}

	/**
	 * Releases the server's socket, Python's {@code server_close} without the waiting.
	 */
	protected abstract void serverClose();

	/**
	 * Takes the next request without blocking, Python's {@code get_request}.
	 * @return the request, or {@code null} if none is ready after all
	 * @throws IOException if accepting or receiving fails
	 */
	protected abstract @Nullable R getRequest() throws IOException;

	/**
	 * Runs a request through the threading mode, Python's {@code process_request}.
	 * @param request the request
	 * @throws RejectedExecutionException if the mode has no room for it
	 */
	protected void processRequest(R request) {
		// Straight to the dispatcher: every frame here stays on a parked handler's stack.
		this.executor.execute(() -> this.dispatcher.runner().run(request),
				(refusal) -> this.dispatcher.refuseUnstarted(request, refusal));
	}

	/**
	 * Runs a request on the current thread, Python's {@code process_request_thread}.
	 * @param request the request
	 */
	protected final void runRequest(R request) {
		this.dispatcher.runner().run(request);
	}

	/**
	 * Decides whether to serve a request, Python's {@code verify_request}: asks the
	 * {@code verifier} option; after the connection's layers, if there are any.
	 * @param request the request
	 * @return true to serve it, false to close it at once
	 */
	protected boolean verifyRequest(R request) {
		return this.options.verifier().verifyRequest(request);
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
	 * Applies per-handler settings to a request before {@code setup}.
	 * @param request the request
	 * @param handler its handler
	 * @throws IOException if a setting cannot be applied
	 */
	protected void prepareRequest(R request, RequestHandler<? super R> handler) throws IOException {
	}

	/**
	 * Ends a request, Python's {@code shutdown_request}: flushes and shuts a connection
	 * down, or sends a datagram's reply; then {@link #closeRequest}.
	 * @param request the request
	 */
	protected void shutdownRequest(R request) {
		closeRequest(request);
	}

	/**
	 * Releases what a request holds, Python's {@code close_request}; also cuts it.
	 * @param request the request
	 */
	protected void closeRequest(R request) {
	}

	/**
	 * Reports a request that failed, Python's {@code handle_error}: calls the
	 * {@code errorHandler} option if set, or logs as {@link ClientFaults} says.
	 * @param request the request
	 * @param exception what it failed with
	 */
	protected void handleError(R request, Exception exception) {
		ErrorHandler errorHandler = this.options.errorHandler();
		if (errorHandler != null) {
			errorHandler.handleError(request, exception);
			return;
		}
		this.dispatcher.logError(request, exception);
	}

	/**
	 * Called when {@link #handleRequest()} waited its timeout, Python's
	 * {@code handle_timeout}.
	 */
	protected void handleTimeout() {
	}

	/**
	 * Whether {@link #serveForever} is turning, for a watchdog: a loop blocked in a
	 * handler (sync threading) or a hook has not turned within the window.
	 * @param window how long ago the last turn may be, beyond the poll interval
	 * @return false if the loop serves but has not turned within the window; true when it
	 * turned, or when no loop serves
	 */
	public boolean loopTurnedWithin(Duration window) {
		return this.loop.turnedWithin(window);
	}

	/**
	 * Called on every turn of {@link #serveForever}, Python's {@code service_actions}.
	 */
	protected void serviceActions() {
	}

	/**
	 * The sockets the serving loop takes requests from: the server's channel, unless a
	 * datagram server receives on several.
	 */
	List<ServingLoop.Receiver> receivers() {
		return List.of(new ServingLoop.Receiver(channel(), this.dispatcher::takeOne));
	}

	RequestDispatcher<R> dispatcher() {
		return this.dispatcher;
	}

	/**
	 * {@return the server as the handlers of its requests see it}
	 */
	protected final RequestServer requestServer() {
		return this.requestServer;
	}

}
