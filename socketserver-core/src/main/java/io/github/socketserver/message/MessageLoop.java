package io.github.socketserver.message;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector loop of a message engine, on a thread of its own: it waits for its
 * connections' bytes, reads them ({@link FrameInput}), writes what waits for a socket,
 * and a few times per shortest timeout looks at every connection's timeouts. Other
 * threads hand it work through {@link #execute} ({@link LoopTasks}).
 */
final class MessageLoop extends Thread {

	private static final Logger logger = LoggerFactory.getLogger(MessageEngine.class);

	private final EngineContext context;

	private final Selector selector;

	private final FrameInput input;

	private final LoopTasks tasks;

	private volatile boolean stopping;

	private boolean draining;

	MessageLoop(EngineContext context, int number) throws IOException {
		super("socketserver-" + context.serverName + "-message-" + number);
		setDaemon(context.daemonThreads);
		this.context = context;
		this.selector = Selector.open();
		this.input = new FrameInput(context);
		this.tasks = new LoopTasks(this, this.selector);
	}

	EngineContext context() {
		return this.context;
	}

	/**
	 * Forgets a connection that closed.
	 */
	void forget(EngineConnection connection) {
		if (Thread.currentThread() != this) {
			// Its descriptor is let go when the loop next selects.
			wakeup();
		}
	}

	/**
	 * Takes a connection: registers it, then handles what its layers read ahead.
	 * @param connection the connection, counted already
	 * @param unread bytes in the clear read before the engine took it
	 */
	void register(EngineConnection connection, ByteBuffer unread) {
		execute(() -> {
			if (this.stopping) {
				connection.closeNow(null);
				return;
			}
			try {
				connection.key = connection.channel.register(this.selector, 0, connection);
			}
			catch (ClosedChannelException ex) {
				connection.closeNow(null);
				return;
			}
			if (this.context.readTimeoutNanos > 0) {
				connection.waitingSince = System.nanoTime();
			}
			synchronized (connection) {
				connection.updateInterest();
			}
			this.input.unread(connection, unread);
			if (this.draining) {
				InputEnd.drain(connection);
			}
		});
	}

	/**
	 * Runs a task on the loop, soon.
	 */
	void execute(Runnable task) {
		this.tasks.execute(task);
	}

	void wakeup() {
		this.selector.wakeup();
	}

	/**
	 * Begins the drain of every connection of the loop, and of those it takes later.
	 */
	void drain() {
		execute(() -> {
			this.draining = true;
			for (SelectionKey key : List.copyOf(this.selector.keys())) {
				if (key.isValid()) {
					InputEnd.drain((EngineConnection) key.attachment());
				}
			}
		});
	}

	/**
	 * Tells the loop to stop, which closes every connection it holds; returns at once.
	 */
	void stopSoon() {
		this.stopping = true;
		this.selector.wakeup();
	}

	/**
	 * Waits for the loop to end, until the deadline at most: one held by a handler that
	 * does not return is left to end on its own.
	 * @param deadline the latest time, as {@link System#nanoTime()}
	 */
	void awaitEnd(long deadline) {
		if (Thread.currentThread() == this) {
			return;
		}
		try {
			long left = deadline - System.nanoTime();
			if (left > 0) {
				join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void run() {
		long tickNanos = this.context.tickNanos();
		long nextTick = System.nanoTime() + tickNanos;
		try {
			while (!this.stopping) {
				long waitMillis = Math.max(1, (nextTick - System.nanoTime() + 999_999) / 1_000_000);
				this.selector.select(this::ready, waitMillis);
				this.tasks.runAll();
				long now = System.nanoTime();
				if (now - nextTick >= 0) {
					ConnectionTimeouts.checkAll(this.context, this.selector.keys(), now);
					nextTick = now + tickNanos;
				}
			}
		}
		catch (IOException | RuntimeException | Error ex) {
			logger.error("The message loop {} of server '{}' failed: its connections are closed", getName(),
					this.context.serverName, LogText.trace(ex));
		}
		finally {
			this.stopping = true;
			closeAll();
		}
	}

	private void ready(SelectionKey key) {
		EngineConnection connection = (EngineConnection) key.attachment();
		try {
			int ready = key.readyOps();
			if ((ready & SelectionKey.OP_WRITE) != 0) {
				connection.onWritable();
			}
			if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) {
				this.input.readable(connection);
			}
		}
		catch (CancelledKeyException ex) {
			// Closed meanwhile, by another thread.
		}
		catch (RuntimeException | Error ex) {
			// A handler's error (sync mode) ends its connection, not the loop's others.
			logger.error("Server '{}' failed on the connection from {}", this.context.serverName,
					LogText.escape(connection.clientAddress()), LogText.trace(ex));
			connection.closeNow(null);
		}
	}

	/**
	 * Closes the connections still held and waiting to be taken, then the selector.
	 */
	private void closeAll() {
		this.tasks.finish();
		List<EngineConnection> held = new ArrayList<>();
		for (SelectionKey key : this.selector.keys()) {
			held.add((EngineConnection) key.attachment());
		}
		for (EngineConnection connection : held) {
			try {
				connection.closeNow(null);
			}
			catch (RuntimeException ex) {
				logger.error("Closing the connection from {} on server '{}' failed",
						LogText.escape(connection.clientAddress()), this.context.serverName, LogText.trace(ex));
			}
		}
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the selector of {} failed", getName(), ex);
		}
	}

}
