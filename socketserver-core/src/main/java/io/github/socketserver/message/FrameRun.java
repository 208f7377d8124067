package io.github.socketserver.message;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

import io.github.socketserver.listener.SocketServerListener.Rejection;
import org.jspecify.annotations.Nullable;

/**
 * The frames of one connection waiting for the handler, in a threading mode that runs
 * them off the loop: one task of the executor takes them in order, one at a time, while
 * the loop may add more. A connection holds one only while frames wait or run.
 * <p>
 * Not thread-safe: its connection guards it.
 */
final class FrameRun implements Runnable {

	/**
	 * The most bytes of frames that wait for the handler before the loop stops reading
	 * the connection, and the most frames.
	 */
	static final long MAX_WAITING_BYTES = 64 * 1024;

	static final int MAX_WAITING_FRAMES = 1024;

	private final EngineConnection connection;

	private final ArrayDeque<byte[]> frames = new ArrayDeque<>();

	private long bytes;

	/**
	 * Whether a task of the executor was given this run and has not ended: frames added
	 * meanwhile are taken by it.
	 */
	private boolean active;

	FrameRun(EngineConnection connection) {
		this.connection = connection;
	}

	/**
	 * Hands a frame to the handler on the current thread, as one request for the server's
	 * listener; a failure of the handler ends the connection.
	 * @param connection the frame's connection
	 * @param frame the frame
	 */
	static void handle(EngineConnection connection, byte[] frame) {
		EngineContext context = connection.context();
		Object state = connection.adopted.frameStarted();
		long start = System.nanoTime();
		Throwable failure = null;
		try {
			context.handler.handleMessage(new Message(frame, connection, context.charset));
		}
		catch (Exception ex) {
			failure = ex;
		}
		catch (Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			connection.adopted.frameFinished(state, failure, System.nanoTime() - start);
			if (failure instanceof ConnectionClosedException closed && closed.isOf(connection)) {
				// Closed under the handler, which learnt it by its send: nothing new.
			}
			else if (failure instanceof Exception exception) {
				connection.fail(exception);
			}
			else if (failure != null) {
				connection.closeNow(null);
			}
		}
	}

	/**
	 * Starts a task of the executor for this run; a refusal (the pool and its queue are
	 * full, or the host gives no thread) is counted and closes the connection.
	 */
	void start() {
		try {
			this.connection.context().executor.execute(this, (refusal) -> refused());
		}
		catch (RejectedExecutionException ex) {
			refused();
		}
		catch (OutOfMemoryError ex) {
			this.connection.context().noThreadFor(this.connection, ex);
			refused();
		}
	}

	private void refused() {
		boolean tell;
		synchronized (this.connection) {
			clear();
			stop();
			// Closed meanwhile: its close left the telling to this run, which never runs.
			tell = this.connection.takeCloseNotice();
		}
		this.connection.adopted.rejected(Rejection.QUEUE_FULL);
		if (tell) {
			this.connection.tellClosed();
			return;
		}
		this.connection.closeNow(null);
	}

	/**
	 * Runs the frames in order until none waits, then ends: the connection's replies are
	 * flushed, it closes if it is done, and its handler is told of a close that came
	 * meanwhile.
	 */
	@Override
	public void run() {
		EngineConnection connection = this.connection;
		boolean completed = false;
		try {
			while (true) {
				byte[] frame;
				synchronized (connection) {
					if ((connection.state & (ConnectionState.CLOSED | ConnectionState.OUTPUT_CLOSED)) != 0) {
						clear();
					}
					frame = next();
					if (frame == null) {
						// Under the same lock: the loop then starts a new run for the
						// next frame, never this one again.
						connection.run = null;
						connection.corkedBy = null;
						break;
					}
					// Replies are gathered while more frames already wait, as a stream
					// handler's are until it must wait for input: pipelined frames then
					// cost one write, not one each.
					connection.corkedBy = this.frames.isEmpty() ? null : Thread.currentThread();
					if ((connection.state & ConnectionState.PAUSED_FRAMES) != 0 && this.bytes < MAX_WAITING_BYTES / 2
							&& this.frames.size() < MAX_WAITING_FRAMES / 2) {
						connection.state &= ~ConnectionState.PAUSED_FRAMES;
						connection.updateInterest();
					}
				}
				handle(connection, frame);
			}
			completed = true;
		}
		finally {
			end(completed);
		}
	}

	private void end(boolean completed) {
		EngineConnection connection = this.connection;
		boolean tell;
		synchronized (connection) {
			if (!completed) {
				clear();
				stop();
				connection.corkedBy = null;
				if (connection.run == this) {
					connection.run = null;
				}
			}
			tell = connection.takeCloseNotice();
		}
		if (connection.context().readTimeoutNanos > 0) {
			connection.waitingSince = System.nanoTime();
		}
		if (tell) {
			connection.tellClosed();
			return;
		}
		if (!completed) {
			connection.closeNow(null);
			return;
		}
		connection.flushCorked();
	}

	/**
	 * Adds a frame.
	 * @param frame the frame
	 * @return true if no task runs the frames: the caller starts one
	 */
	boolean add(byte[] frame) {
		this.frames.addLast(frame);
		this.bytes += frame.length;
		if (this.active) {
			return false;
		}
		this.active = true;
		return true;
	}

	/**
	 * Takes the next frame for the task; when there is none, the task ends.
	 * @return the frame, or {@code null} if none waits
	 */
	byte @Nullable [] next() {
		byte[] frame = this.frames.pollFirst();
		if (frame == null) {
			this.active = false;
			return null;
		}
		this.bytes -= frame.length;
		return frame;
	}

	/**
	 * Drops the frames that wait: the connection closes without them.
	 */
	void clear() {
		this.frames.clear();
		this.bytes = 0;
	}

	/**
	 * Ends the task without taking more frames.
	 */
	void stop() {
		this.active = false;
	}

	boolean isActive() {
		return this.active;
	}

	boolean isEmpty() {
		return this.frames.isEmpty();
	}

	int size() {
		return this.frames.size();
	}

	long bytes() {
		return this.bytes;
	}

}
