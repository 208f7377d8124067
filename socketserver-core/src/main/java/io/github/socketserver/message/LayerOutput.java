package io.github.socketserver.message;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.github.socketserver.connection.DetachedTransport;
import org.jspecify.annotations.Nullable;

/**
 * The bytes a connection's layer sends on its own, bypassing the codec: the answers it
 * owes its peer while reading (a TLS key update), and the end of its stream (a TLS
 * {@code close_notify}) before the connection closes. They are queued under the
 * connection's monitor, in order with what its senders write.
 */
final class LayerOutput {

	private LayerOutput() {
	}

	/**
	 * Queues bytes a layer sends on its own (a TLS key update), bypassing the codec.
	 */
	static @Nullable IOException queueRaw(ConnectionOutput connection, ByteBuffer bytes) {
		synchronized (connection) {
			if ((connection.state & ConnectionState.CLOSED) != 0) {
				return null;
			}
			connection.enqueue(bytes);
			try {
				connection.flush();
				return null;
			}
			catch (IOException ex) {
				return ex;
			}
		}
	}

	/**
	 * Queues the bytes that end the layer's stream, once, before the connection closes;
	 * called with the monitor held.
	 * @return the failure, or {@code null}
	 */
	static @Nullable IOException queueClosing(ConnectionOutput connection) {
		DetachedTransport layer = connection.layer;
		if (layer == null || (connection.state & ConnectionState.CLOSING_QUEUED) != 0) {
			return null;
		}
		connection.state |= ConnectionState.CLOSING_QUEUED;
		try {
			ByteBuffer closing = layer.closing();
			if (closing.hasRemaining()) {
				connection.enqueue(closing);
				connection.flush();
			}
			return null;
		}
		catch (IOException ex) {
			return ex;
		}
	}

}
