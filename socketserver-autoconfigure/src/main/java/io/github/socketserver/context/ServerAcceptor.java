package io.github.socketserver.context;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import io.github.socketserver.BaseServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving of one bound core server: its serving loop on a thread of its own, named
 * {@code socketserver-<name>-acceptor}, the loop's failure, the drain and the close.
 * <p>
 * When the loop fails, the server is closed, so that clients are refused rather than left
 * in the backlog of a socket nobody accepts on, and the failure is passed on to be
 * announced. One per start: a server started again gets a fresh core server and a new
 * acceptor. The thread is not a daemon, so a service whose only work is its socket
 * servers keeps running.
 */
final class ServerAcceptor implements Runnable {

	// The lifecycle's category: one logger to tune for a server's start, failure and
	// stop.
	private static final Logger logger = LoggerFactory.getLogger(ManagedSocketServer.class);

	private final BaseServer<?> server;

	private final Duration pollInterval;

	private final Predicate<BaseServer<?>> markFailed;

	private final BiConsumer<BaseServer<?>, Throwable> failed;

	private final String address;

	private final Instant startedAt = Instant.now();

	private volatile boolean drained;

	private ServerAcceptor(BaseServer<?> server, Duration pollInterval, Predicate<BaseServer<?>> markFailed,
			BiConsumer<BaseServer<?>, Throwable> failed) {
		this.server = server;
		this.pollInterval = pollInterval;
		this.markFailed = markFailed;
		this.failed = failed;
		this.address = SocketAddresses.describe(server.serverAddress());
	}

	/**
	 * Serves a bound server on a new thread.
	 * @param server the server, bound
	 * @param pollInterval how often its serving loop checks for a shutdown
	 * @param markFailed marks the server failed when its loop fails; false if it was
	 * stopped meanwhile, so that the failure is only logged
	 * @param failed told, on the acceptor thread, of the failure once the server is
	 * closed
	 * @return the acceptor
	 */
	static ServerAcceptor start(BaseServer<?> server, Duration pollInterval, Predicate<BaseServer<?>> markFailed,
			BiConsumer<BaseServer<?>, Throwable> failed) {
		ServerAcceptor acceptor = new ServerAcceptor(server, pollInterval, markFailed, failed);
		new Thread(acceptor, "socketserver-" + server.name() + "-acceptor").start();
		logger.info("Socket server '{}' ({} {}, {}) listening on {}", server.name(), lower(server.addressFamily()),
				lower(server.socketType()), server.threading(), acceptor.address);
		return acceptor;
	}

	/**
	 * Where the server listens; known still once the listening socket closed.
	 */
	String address() {
		return this.address;
	}

	Instant startedAt() {
		return this.startedAt;
	}

	@Override
	public void run() {
		try {
			this.server.serveForever(this.pollInterval);
		}
		catch (Throwable ex) {
			failed(ex);
			if (ex instanceof VirtualMachineError error) {
				// Closed and announced: now let the thread's handler see it.
				throw error;
			}
		}
	}

	private void failed(Throwable failure) {
		String name = this.server.name();
		if (!this.markFailed.test(this.server)) {
			// Stopped meanwhile: the server is closed already.
			logger.error("Socket server '{}' failed while it stopped", name, failure);
			return;
		}
		logger.error("Socket server '{}' stopped serving and closes: its serving loop failed", name, failure);
		this.server.close();
		try {
			this.failed.accept(this.server, failure);
		}
		catch (RuntimeException ex) {
			logger.error("Socket server '{}' could not announce its failure", name, ex);
		}
	}

	/**
	 * Stops taking requests, without waiting: the first step of a graceful shutdown.
	 */
	void drain() {
		this.drained = true;
		this.server.drain();
	}

	/**
	 * Waits for the requests in flight, if the server drains and blocks on close.
	 * @param deadline when waiting must end, in {@link System#nanoTime()} terms
	 * @return true if no request is left in flight
	 */
	boolean awaitDrained(long deadline) {
		if (!this.drained || !this.server.threading().blockOnClose()) {
			return true;
		}
		// The serving loop first: a datagram server's takes what was received before.
		return this.server.shutdown(remaining(deadline)) && this.server.awaitRequests(remaining(deadline));
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	/**
	 * Closes the server. After a drain, requests still running are cut; without one,
	 * closing waits for them as the threading mode says.
	 * @return how many requests in flight were cut
	 */
	int close() {
		if (this.drained && this.server.threading().blockOnClose()) {
			int left = this.server.activeRequests();
			this.server.close(Duration.ZERO);
			return left;
		}
		this.server.close();
		return 0;
	}

	/**
	 * Waits for the serving loop to end once the server is closed: it releases the
	 * listening socket then, so that the port or path is free once this returns. A sync
	 * request still running on the loop's thread is not waited for beyond the poll
	 * interval.
	 */
	void awaitEnd() {
		if (!this.server.shutdown(this.pollInterval)) {
			logger.debug("Socket server '{}' closed before its serving loop ended", this.server.name());
		}
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
