package io.github.socketserver;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The serving loop of a server, Python's {@code serve_forever} and the wait of
 * {@code handle_request}: a selector on the server's channel, woken at once by a stop,
 * taking a bounded burst of requests per wake-up, and backing off after a failure to take
 * one (too many open files) so that it does not spin.
 * <p>
 * One thread serves at a time; {@link #stop} may be called from any thread.
 */
final class ServingLoop {

	private static final long MAX_BACKOFF_MILLIS = 1000;

	private static final int READY_BUDGET = 64;

	/**
	 * The fewest bytes of a receive buffer a datagram takes, its bookkeeping included: an
	 * underestimate, so that a drain never stops short of what the socket held.
	 */
	private static final int MIN_DATAGRAM_FOOTPRINT = 256;

	/**
	 * The receive buffer assumed of a socket that does not tell its own: Linux's default.
	 */
	private static final int DEFAULT_RECEIVE_BUFFER = 212_992;

	private final BaseServer<?> server;

	private final Object monitor = new Object();

	private boolean serving;

	private volatile boolean stopRequested;

	/**
	 * Whether the stop is a drain's: a datagram server's loop first takes the datagrams
	 * already received.
	 */
	private volatile boolean draining;

	private volatile @Nullable Selector selector;

	/**
	 * The selector {@code handleRequest} waits on, so that a close wakes it too.
	 */
	private volatile @Nullable Selector waitSelector;

	/** {@link System#nanoTime()} at the loop's last turn: a watchdog reads it. */
	private volatile long lastTurn;

	private volatile long pollNanos;

	ServingLoop(BaseServer<?> server) {
		this.server = server;
	}

	/**
	 * Serves until stopped or the server closes.
	 * @param pollInterval how often to check for a stop and run the service actions
	 * @param takeRequest takes one request: 1 if taken, 0 if none was ready, -1 if taking
	 * failed
	 */
	void serveForever(Duration pollInterval, IntSupplier takeRequest) throws IOException {
		synchronized (this.monitor) {
			if (this.serving) {
				throw new IllegalStateException("Server '" + this.server.name() + "' is already serving");
			}
			this.serving = true;
		}
		long pollMillis = Math.max(1, pollInterval.toMillis());
		this.pollNanos = TimeUnit.MILLISECONDS.toNanos(pollMillis);
		this.lastTurn = System.nanoTime();
		SelectableChannel channel = this.server.channel();
		try (Selector selector = channel.provider().openSelector()) {
			SelectionKey key = channel.register(selector, readyOps());
			this.selector = selector;
			long backoff = 0;
			while (!stopping() && !Thread.currentThread().isInterrupted()) {
				int ready = selector.select(pollMillis);
				if (stopping()) {
					break;
				}
				if (ready > 0) {
					selector.selectedKeys().clear();
					backoff = (takeReady(takeRequest) >= 0) ? 0 : backOff(selector, key, backoff);
				}
				this.server.serviceActions();
				this.lastTurn = System.nanoTime();
			}
			if (this.draining) {
				takeReceived(takeRequest);
			}
		}
		catch (ClosedChannelException ex) {
			// Closed before or while serving: the loop is over.
		}
		finally {
			this.selector = null;
			this.stopRequested = false;
			this.draining = false;
			synchronized (this.monitor) {
				this.serving = false;
				this.monitor.notifyAll();
			}
		}
	}

	/**
	 * Whether the loop is turning: it turned within the window (plus its poll interval,
	 * the longest a healthy turn waits), or it is not serving at all. A loop stuck in a
	 * handler or a hook turns no more.
	 * @param window how long ago the last turn may be
	 * @return false if the loop serves but has not turned within the window
	 */
	boolean turnedWithin(Duration window) {
		synchronized (this.monitor) {
			if (!this.serving) {
				return true;
			}
		}
		return System.nanoTime() - this.lastTurn <= window.toNanos() + this.pollNanos;
	}

	/**
	 * Waits until a request is ready, Python's wait in {@code handle_request}: a wake-up
	 * with nothing ready waits on until the timeout has really passed.
	 * @param timeout how long to wait, {@code null} without bound
	 * @return true if a request is ready (or the server closed), false if the timeout
	 * passed or the thread was interrupted
	 */
	boolean awaitReady(@Nullable Duration timeout) throws IOException {
		SelectableChannel channel = this.server.channel();
		long deadline = (timeout != null) ? System.nanoTime() + timeout.toNanos() : 0;
		try (Selector selector = channel.provider().openSelector()) {
			channel.register(selector, readyOps());
			this.waitSelector = selector;
			while (!this.server.isClosed()) {
				long remaining = (timeout != null) ? deadline - System.nanoTime() : 0;
				if (timeout != null && remaining <= 0) {
					return false;
				}
				int ready = (timeout != null) ? selector.select(Math.max(1, (remaining + 999_999) / 1_000_000))
						: selector.select();
				if (ready > 0) {
					return true;
				}
				if (Thread.currentThread().isInterrupted()) {
					return false;
				}
			}
			return true;
		}
		catch (ClosedChannelException ex) {
			return true;
		}
		finally {
			this.waitSelector = null;
		}
	}

	/**
	 * Asks the loop to stop and waits until it has.
	 * @param timeout how long to wait, {@code null} without bound
	 * @return true if the loop is no longer running
	 */
	boolean stop(@Nullable Duration timeout) {
		this.stopRequested = true;
		wakeUp();
		long deadline = (timeout != null) ? System.nanoTime() + timeout.toNanos() : 0;
		boolean interrupted = false;
		synchronized (this.monitor) {
			while (this.serving) {
				long remaining = (timeout != null) ? deadline - System.nanoTime() : Long.MAX_VALUE;
				if (remaining <= 0) {
					break;
				}
				try {
					this.monitor.wait((timeout != null) ? Math.max(1, remaining / 1_000_000) : 0);
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
	 * Asks the loop to stop for a drain, without waiting: a datagram server's loop takes
	 * the datagrams its socket holds first, until none is left or the server closes, so
	 * that what was received before the drain is handled.
	 */
	void drain() {
		if (this.server.socketType() == SocketType.DATAGRAM) {
			this.draining = true;
		}
		stop(Duration.ZERO);
	}

	/**
	 * Takes what the socket holds until a receive finds nothing, or as many datagrams as
	 * its receive buffer can hold: under a steady flood a receive never finds nothing,
	 * and what came after the drain began need not be handled.
	 */
	private void takeReceived(IntSupplier takeRequest) {
		long left = heldAtMost(this.server.channel());
		while (left-- > 0 && !this.server.isClosed() && takeRequest.getAsInt() > 0) {
			// Next one.
		}
	}

	/**
	 * The most datagrams a socket's receive buffer holds: each costs the kernel at least
	 * {@value #MIN_DATAGRAM_FOOTPRINT} bytes of it, whatever its size.
	 */
	private static long heldAtMost(SelectableChannel channel) {
		int receiveBuffer = DEFAULT_RECEIVE_BUFFER;
		if (channel instanceof NetworkChannel network) {
			try {
				receiveBuffer = network.getOption(StandardSocketOptions.SO_RCVBUF);
			}
			catch (IOException | UnsupportedOperationException ex) {
				// Closed meanwhile, or no such option: the common default.
			}
		}
		return receiveBuffer / MIN_DATAGRAM_FOOTPRINT + 1;
	}

	void wakeUp() {
		for (Selector selector : new Selector[] { this.selector, this.waitSelector }) {
			if (selector != null) {
				selector.wakeup();
			}
		}
	}

	/**
	 * Whether the loop should stop taking requests.
	 * @return true once a stop was asked or the server closed
	 */
	boolean stopping() {
		return this.stopRequested || this.server.isClosed();
	}

	private int readyOps() {
		return (this.server.socketType() == SocketType.STREAM) ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
	}

	/**
	 * Takes the requests that are ready, up to a bound so that a flood cannot hold off a
	 * stop: one select then serves a burst of connections or datagrams.
	 */
	private int takeReady(IntSupplier takeRequest) {
		int result;
		int budget = READY_BUDGET;
		do {
			result = takeRequest.getAsInt();
		}
		while (result > 0 && --budget > 0 && !stopping());
		return result;
	}

	/**
	 * Stops selecting the channel for a while after a failure such as too many open
	 * files; a stop still wakes it at once.
	 */
	private long backOff(Selector selector, SelectionKey key, long previous) throws IOException {
		long backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(5, previous * 2));
		key.interestOps(0);
		selector.select(backoff);
		selector.selectedKeys().clear();
		if (key.isValid()) {
			key.interestOps(readyOps());
		}
		return backoff;
	}

}
