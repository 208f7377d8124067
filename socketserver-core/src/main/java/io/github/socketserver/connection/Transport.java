package io.github.socketserver.connection;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * The bytes of one connection as the handler's {@code rfile} and {@code wfile} see them:
 * the socket itself, or what a layer (TLS, a header reader) made of it.
 * <p>
 * Blocking: a read waits for at least one byte, a write until every byte is taken. The
 * socket's own transport bounds its writes with the server's write timeout, so a layer
 * that writes through the transport it wraps is bounded too. One thread reads at a time
 * and one writes at a time, and the two may be different threads.
 *
 * @since 0.1.0
 */
public interface Transport {

	/**
	 * Reads what is there into {@code target}, waiting for at least one byte.
	 * @param target where to put the bytes, from its position up to its limit
	 * @param timeoutNanos how long to wait at most, 0 for no bound
	 * @return the number of bytes read, or -1 at the end of the stream
	 * @throws java.net.SocketTimeoutException if nothing came in time
	 * @throws IOException if reading fails
	 */
	int read(ByteBuffer target, long timeoutNanos) throws IOException;

	/**
	 * Writes every remaining byte of {@code source}.
	 * @param source the bytes, from its position up to its limit
	 * @throws java.net.SocketTimeoutException if the client took no bytes for the write
	 * timeout; the connection is then closed
	 * @throws IOException if writing fails
	 */
	void write(ByteBuffer source) throws IOException;

	/**
	 * Ends what this transport writes, before the server shuts the socket's output: a TLS
	 * transport sends its {@code close_notify} here. Does nothing by default; a transport
	 * that wraps another ends its own output, then calls the other's.
	 * @throws IOException if writing fails
	 */
	default void shutdownOutput() throws IOException {
	}

	/**
	 * Hands the connection over to the message engine, which reads and writes the socket
	 * without blocking: what this transport read and did not hand out, and how it turns
	 * bytes in memory. After this the transport is no longer used.
	 * @return the detached transport, or {@code null} if this transport can only be used
	 * blocking, by default: the connection is then handled on a thread of its own
	 * @throws IOException if the transport cannot be detached
	 */
	default @Nullable DetachedTransport detach() throws IOException {
		return null;
	}

}
