package io.github.socketserver.message;

import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.threading.RequestExecutor;

/**
 * The engine of a message server: connections wait for readable bytes in a few selector
 * loops, with no thread of their own, and each frame the codec cuts is handed to the
 * handler through the server's threading mode. A server with a
 * {@link MessageStreamHandler} creates one; handlers never see it.
 *
 * @since 0.2.0
 */
public final class MessageEngine implements AutoCloseable {

	/**
	 * Creates the engine of one server; its loops start with the first connection.
	 * @param handler the server's message handler
	 * @param options the server's options: name, codec, charset, stream timeouts
	 * @param executor runs the frames as the threading mode says ({@code sync} runs them
	 * on the calling loop)
	 */
	public MessageEngine(MessageHandler handler, ServerOptions options, RequestExecutor executor) {
		// TODO(engine)
	}

	/**
	 * Takes over a connection whose layers and admission are done; returns at once.
	 * @param connection the connection and its server's callbacks
	 */
	public void adopt(AdoptedConnection connection) {
		// TODO(engine)
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Begins a drain: each connection finishes the frames already read, sends what was
	 * queued, and closes; one idle between frames closes now. Returns at once.
	 */
	public void drain() {
		// TODO(engine)
	}

	/**
	 * Closes every connection at once and stops the loops; for the end of a grace period,
	 * or a close without one.
	 */
	@Override
	public void close() {
		// TODO(engine)
	}

}
