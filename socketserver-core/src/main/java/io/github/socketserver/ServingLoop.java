package io.github.socketserver;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The serving loop of a server, Python's {@code serve_forever} and the wait of
 * {@code handle_request}: a selector on the server's channel, woken at once by a stop,
 * taking a bounded burst of requests per wake-up, and backing off after a failure to take
 * one (too many open files) so that it does not spin.
 * <p>
 * A datagram server may receive on several sockets bound to one port ({@link Receiver}s):
 * the thread that calls {@link #serveForever} serves the first, and a thread of its own
 * ({@code socketserver-<name>-receiver-<n>}) each of the others, which start and stop,
 * drain and fail together. One call serves at a time; {@link #stop} may be called from
 * any thread.
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

	/**
	 * The selector {@code handleRequest} waits on, so that a close wakes it too.
	 */
	private volatile @Nullable Selector waitSelector;

	/**
	 * Whether the first receiver's loop has ended, so that the others end too.
	 */
	private volatile boolean ended;

	/**
	 * The selectors the receivers wait on, so that a stop wakes them all.
	 */
	private final List<Selector> selectors = new CopyOnWriteArrayList<>();

	/** {@link System#nanoTime()} at each receiver's last turn: a watchdog reads them. */
	private volatile AtomicLongArray turns = new AtomicLongArray(0);

	private volatile long pollNanos;

	ServingLoop(BaseServer<?> server) {
		this.server = server;
	}

	/**
	 * Serves until stopped or the server closes: the calling thread serves the first
	 * receiver, a thread of its own each of the others.
	 * @param pollInterval how often to check for a stop and run the service actions
	 * @param receivers the sockets to take requests from, at least one
	 * @throws IOException if a receiver's channel cannot be selected; the other receivers
	 * stop then too
	 */
	void serveForever(Duration pollInterval, List<Receiver> receivers) throws IOException {
		synchronized (this.monitor) {
			if (this.serving) {
				throw new IllegalStateException("Server '" + this.server.name() + "' is already serving");
			}
			this.serving = true;
		}
		long pollMillis = Math.max(1, pollInterval.toMillis());
		this.pollNanos = TimeUnit.MILLISECONDS.toNanos(pollMillis);
		AtomicLongArray turns = new AtomicLongArray(receivers.size());
		for (int i = 0; i < receivers.size(); i++) {
			turns.set(i, System.nanoTime());
		}
		this.turns = turns;
		this.ended = false;
		ReceiverThreads others = new ReceiverThreads(this.server.name(), () -> {
			this.ended = true;
			wakeUp();
		});
		try {
			for (int i = 1; i < receivers.size(); i++) {
				int index = i;
				others.start(index, () -> serve(receivers.get(index), index, pollMillis));
			}
			serve(receivers.get(0), 0, pollMillis);
		}
		finally {
			this.ended = true;
			wakeUp();
			others.join();
			this.stopRequested = false;
			this.draining = false;
			synchronized (this.monitor) {
				this.serving = false;
				this.monitor.notifyAll();
			}
		}
		others.throwFailure();
	}

	/**
	 * Serves one receiver until the loop stops, then takes what its socket holds if the
	 * stop is a drain's. Only the first receiver runs the service actions, once a turn as
	 * Python's single loop does.
	 */
	private void serve(Receiver receiver, int index, long pollMillis) throws IOException {
		SelectableChannel channel = receiver.channel();
		try (Selector selector = channel.provider().openSelector()) {
			SelectionKey key = channel.register(selector, readyOps());
			this.selectors.add(selector);
			try {
				long backoff = 0;
				while (!stopping() && !interruptStops(index)) {
					int ready = selector.select(pollMillis);
					if (stopping()) {
						break;
					}
					if (ready > 0) {
						selector.selectedKeys().clear();
						backoff = (takeReady(receiver.takeRequest()) >= 0) ? 0 : backOff(selector, key, backoff);
					}
					if (index == 0) {
						this.server.serviceActions();
					}
					this.turns.set(index, System.nanoTime());
				}
				if (this.draining) {
					takeReceived(channel, receiver.takeRequest());
				}
			}
			finally {
				this.selectors.remove(selector);
			}
		}
		catch (ClosedChannelException ex) {
			// Closed before or while serving: the loop is over.
		}
	}

	/**
	 * Whether an interrupt stops a receiver's loop. The first receiver's thread is the
	 * caller's, whose interrupt asks the loop to stop. A receiver thread of the loop's
	 * own is interrupted by nobody but a handler that ran on it (sync mode) and kept the
	 * flag: that is cleared, so that the clients the kernel gives its socket are still
	 * served.
	 */
	private static boolean interruptStops(int index) {
		if (index > 0) {
			Thread.interrupted();
			return false;
		}
		return Thread.currentThread().isInterrupted();
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
		AtomicLongArray turns = this.turns;
		long now = System.nanoTime();
		for (int i = 0; i < turns.length(); i++) {
			if (now - turns.get(i) > window.toNanos() + this.pollNanos) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Waits until a request is ready on one of the receivers, Python's wait in
	 * {@code handle_request}: a wake-up with nothing ready waits on until the timeout has
	 * really passed.
	 * @param timeout how long to wait, {@code null} without bound
	 * @param receivers the sockets requests come in on
	 * @return the receiver a request is ready on (the first if the server closed),
	 * {@code null} if the timeout passed or the thread was interrupted
	 */
	@Nullable Receiver awaitReady(@Nullable Duration timeout, List<Receiver> receivers) throws IOException {
		long deadline = (timeout != null) ? System.nanoTime() + timeout.toNanos() : 0;
		try (Selector selector = receivers.get(0).channel().provider().openSelector()) {
			for (Receiver receiver : receivers) {
				receiver.channel().register(selector, readyOps(), receiver);
			}
			this.waitSelector = selector;
			while (!this.server.isClosed()) {
				long remaining = (timeout != null) ? deadline - System.nanoTime() : 0;
				if (timeout != null && remaining <= 0) {
					return null;
				}
				int ready = (timeout != null) ? selector.select(Math.max(1, (remaining + 999_999) / 1_000_000))
						: selector.select();
				if (ready > 0) {
					return (Receiver) selector.selectedKeys().iterator().next().attachment();
				}
				if (Thread.currentThread().isInterrupted()) {
					return null;
				}
			}
			return receivers.get(0);
		}
		catch (ClosedChannelException ex) {
			return receivers.get(0);
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
	private void takeReceived(SelectableChannel channel, IntSupplier takeRequest) {
		long left = heldAtMost(channel);
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
		for (Selector selector : this.selectors) {
			selector.wakeup();
		}
		Selector waiting = this.waitSelector;
		if (waiting != null) {
			waiting.wakeup();
		}
	}

	/**
	 * Whether the loop should stop taking requests.
	 * @return true once a stop was asked or the server closed
	 */
	boolean stopping() {
		return this.stopRequested || this.ended || this.server.isClosed();
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

	/**
	 * A socket the loop takes requests from.
	 *
	 * @param channel the socket, non-blocking
	 * @param takeRequest takes one request from it: 1 if taken, 0 if none was ready, -1
	 * if taking failed
	 */
	record Receiver(SelectableChannel channel, IntSupplier takeRequest) {
	}

}
