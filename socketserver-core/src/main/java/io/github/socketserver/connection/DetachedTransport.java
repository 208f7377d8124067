package io.github.socketserver.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A transport's bytes as the message engine takes them over: the engine reads and writes
 * the socket itself, without blocking and without a thread per connection, and a layer
 * that transforms bytes (TLS) does so in memory, on whichever thread calls it.
 * <p>
 * Got from {@link Transport#detach()} once the connection's layers are open; from then on
 * the transport is no longer read or written. One thread at a time calls {@link #unwrap},
 * one at a time {@link #wrap} and {@link #closing()}; the two may be different threads.
 *
 * @since 0.2.0
 */
public interface DetachedTransport {

	/**
	 * A plain socket with nothing read ahead: bytes pass unchanged.
	 */
	DetachedTransport PLAIN = new DetachedTransport() {

		@Override
		public ByteBuffer unread() {
			return ByteBuffer.allocate(0);
		}

		@Override
		public boolean isPlain() {
			return true;
		}

		@Override
		public boolean unwrap(ByteBuffer fromSocket, Consumer<ByteBuffer> clear, Consumer<ByteBuffer> toSocket) {
			clear.accept(fromSocket);
			return true;
		}

		@Override
		public ByteBuffer wrap(ByteBuffer clear) {
			return clear;
		}

		@Override
		public ByteBuffer closing() {
			return ByteBuffer.allocate(0);
		}

	};

	/**
	 * Bytes the transport had read from the socket but not handed out, in the form this
	 * level hands out (in the clear, for TLS): the engine decodes them before anything it
	 * reads itself.
	 * @return the bytes, from position to limit; empty if none
	 */
	ByteBuffer unread();

	/**
	 * Whether bytes pass unchanged: the engine then reads from the socket straight into
	 * its frame buffer and writes what the codec made, and {@link #unwrap} and
	 * {@link #wrap} are not called.
	 * @return true for a plain socket, false for a layer such as TLS
	 */
	boolean isPlain();

	/**
	 * Turns bytes read from the socket into bytes in the clear.
	 * @param fromSocket the bytes read, from position to limit; consumed as far as whole
	 * records allow, the rest left for the next call with more
	 * @param clear given each run of bytes in the clear, to be copied before it returns
	 * @param toSocket given bytes this level must send in answer (a TLS key update), to
	 * be queued before anything sent later
	 * @return false once the peer ended the stream at this level (TLS
	 * {@code close_notify}); true otherwise
	 * @throws IOException if the bytes are corrupt, such as a record that fails its check
	 */
	boolean unwrap(ByteBuffer fromSocket, Consumer<ByteBuffer> clear, Consumer<ByteBuffer> toSocket) throws IOException;

	/**
	 * Turns bytes to send into bytes for the socket.
	 * @param clear the bytes, from position to limit; consumed whole
	 * @return the bytes to write, in a buffer of their own
	 * @throws IOException if the layer can send no more (it was closed)
	 */
	ByteBuffer wrap(ByteBuffer clear) throws IOException;

	/**
	 * The bytes that end the stream at this level, written before the socket's output is
	 * shut down: TLS's {@code close_notify}.
	 * @return the bytes, empty for none
	 * @throws IOException if they cannot be made
	 */
	ByteBuffer closing() throws IOException;

}
