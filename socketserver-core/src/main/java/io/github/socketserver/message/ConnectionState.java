package io.github.socketserver.message;

/**
 * The state bits of a connection of the message engine, kept in one {@code int} guarded
 * by the connection's monitor: an idle connection holds no object for its state.
 */
final class ConnectionState {

	/** At least one frame came. */
	static final int FRAMED = 1;

	/** Nothing more is read. */
	static final int INPUT_ENDED = 1 << 1;

	/** Closes once its frames are handled and its output has left. */
	static final int CLOSE_WHEN_DONE = 1 << 2;

	/**
	 * {@code close()} was called or the handler failed: sends fail, frames waiting are
	 * dropped.
	 */
	static final int OUTPUT_CLOSED = 1 << 3;

	static final int CLOSED = 1 << 4;

	/** The handler was told of the close. */
	static final int CLOSE_TOLD = 1 << 5;

	/** The server drains. */
	static final int DRAINING = 1 << 6;

	/** Reading stopped as too many frames wait for the handler. */
	static final int PAUSED_FRAMES = 1 << 7;

	/** Reading stopped as too many bytes wait for the client. */
	static final int PAUSED_OUTPUT = 1 << 8;

	/** The layer's closing bytes were queued. */
	static final int CLOSING_QUEUED = 1 << 9;

	/**
	 * The loop that read a frame runs the handler with it ({@code sync}): a close waits
	 * for it to return, as it waits for a frame run.
	 */
	static final int HANDLING = 1 << 10;

	private ConnectionState() {
	}

}
