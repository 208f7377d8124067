package io.github.socketserver.message;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import io.github.socketserver.connection.DetachedTransport;
import org.jspecify.annotations.Nullable;

/**
 * A connection of the message engine as its loop holds it: its socket and layer, its
 * state bits ({@link ConnectionState}), and the events the loop waits for on it, which
 * follow from the state and from the bytes waiting for the socket. The root of
 * {@link EngineConnection}, whose output ({@link ConnectionOutput}) and face are built on
 * it: one object per connection, its code in a file per concern.
 * <p>
 * Guarded by this object's monitor, held only for non-blocking work.
 */
abstract class LoopConnection {

	final MessageLoop loop;

	final SocketChannel channel;

	/**
	 * The layer that turns the bytes, or {@code null} for a plain socket.
	 */
	final @Nullable DetachedTransport layer;

	volatile @Nullable SelectionKey key;

	int state;

	/**
	 * The bytes waiting for the socket, or {@code null} while none waits; written by
	 * {@link ConnectionOutput}.
	 */
	@Nullable Outbox outbox;

	private int interest = -1;

	LoopConnection(MessageLoop loop, SocketChannel channel, @Nullable DetachedTransport layer) {
		this.loop = loop;
		this.channel = channel;
		this.layer = layer;
	}

	final EngineContext context() {
		return this.loop.context();
	}

	/**
	 * Sets the events the loop waits for from the state; called with the monitor held.
	 */
	final void updateInterest() {
		SelectionKey key = this.key;
		if (key == null || (this.state & ConnectionState.CLOSED) != 0) {
			return;
		}
		int ops = ((this.state
				& (ConnectionState.INPUT_ENDED | ConnectionState.PAUSED_FRAMES | ConnectionState.PAUSED_OUTPUT)) == 0)
						? SelectionKey.OP_READ : 0;
		Outbox outbox = this.outbox;
		if (outbox != null && outbox.waitingForSocket()) {
			ops |= SelectionKey.OP_WRITE;
		}
		if (ops != this.interest) {
			this.interest = ops;
			try {
				key.interestOps(ops);
			}
			catch (CancelledKeyException ex) {
				return; // closed meanwhile
			}
			if (Thread.currentThread() != this.loop) {
				this.loop.wakeup();
			}
		}
	}

	/**
	 * {@return whether bytes wait to be written}; called with the monitor held
	 */
	final boolean hasOutput() {
		return this.outbox != null;
	}

}
