package io.github.socketserver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.message.MessageEngine;
import io.github.socketserver.threading.RequestExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drain and close of a server's requests: connections waiting for a message end at
 * once, the others get the grace period, and those that outlive it are cut, the first few
 * named in the log. Kept apart from {@link RequestDispatcher}, which admits and runs
 * requests, because it runs once, on the closing thread, against all of them.
 *
 * @param <R> the type of request
 */
final class RequestDrain<R extends Request> {

	private static final Logger logger = LoggerFactory.getLogger(BaseServer.class);

	/**
	 * How many requests cut at the end of a drain are named in a line of their own.
	 */
	private static final int NAMED_CUTS = 3;

	private final BaseServer<R> server;

	private final RequestDispatcher<R> dispatcher;

	private final RequestExecutor executor;

	private final InFlightRequests<R> inFlight;

	/**
	 * The engine of a message server, or {@code null}.
	 */
	private final @Nullable MessageEngine messages;

	/**
	 * When the drain (or a close without one) began, as {@link System#nanoTime()}; 0
	 * until then.
	 */
	private final AtomicLong drainStartedAt = new AtomicLong();

	/**
	 * Whether {@link #beginDrain()} was called: connections waiting for a message end.
	 */
	private volatile boolean draining;

	RequestDrain(BaseServer<R> server, RequestDispatcher<R> dispatcher, RequestExecutor executor,
			InFlightRequests<R> inFlight, @Nullable MessageEngine messages) {
		this.server = server;
		this.dispatcher = dispatcher;
		this.executor = executor;
		this.inFlight = inFlight;
		this.messages = messages;
	}

	/**
	 * Whether a drain began: a request that starts now ends once its message does.
	 */
	boolean draining() {
		return this.draining;
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
		this.dispatcher.rejectQueued();
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
	 * Cuts the requests still in flight after a grace period: queued ones are refused
	 * first, as cutting a running one frees its thread, which would otherwise take a
	 * queued request and start it on a closed server.
	 */
	private void cutRequests() {
		this.dispatcher.rejectQueued();
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

}
