package io.github.socketserver.tls;

import java.io.IOException;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

import io.github.socketserver.connection.DetachedTransport;
import io.github.socketserver.connection.Transport;
import org.jspecify.annotations.Nullable;

/**
 * The records of a blocking TLS connection and the buffers they pass through: bytes from
 * the wire not yet unwrapped, plaintext not yet read, and the records made for the wire.
 * Kept apart from {@link TlsTransport}, whose locks and failure policy say when each
 * runs: a reader holds the read lock around {@link #unwrap()}, {@link #fill} and
 * {@link #take}, a writer the write lock around {@link #wrap}.
 */
final class TlsRecords {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final SSLEngine engine;

	private final Transport wire;

	/**
	 * Bytes from the wire not yet unwrapped, in fill mode.
	 */
	private ByteBuffer netIn;

	/**
	 * Plaintext unwrapped and not yet read, in fill mode.
	 */
	private ByteBuffer appIn;

	private ByteBuffer netOut;

	/**
	 * Creates the buffers of one connection.
	 * @param engine the connection's engine
	 * @param wire the transport below
	 * @param received bytes read from the wire already (the client's hello), in fill mode
	 */
	TlsRecords(SSLEngine engine, Transport wire, ByteBuffer received) {
		this.engine = engine;
		this.wire = wire;
		this.netIn = ByteBuffer.allocate(Math.max(engine.getSession().getPacketBufferSize(), received.position()));
		this.netIn.put(received.flip());
		this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
		this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
	}

	/**
	 * {@return whether plaintext waits to be read}
	 */
	boolean hasPlaintext() {
		return this.appIn.position() != 0;
	}

	/**
	 * Moves plaintext that waits into the target, as much as it takes.
	 * @return the bytes moved
	 */
	int take(ByteBuffer target) {
		this.appIn.flip();
		int count = Math.min(this.appIn.remaining(), target.remaining());
		target.put(target.position(), this.appIn, this.appIn.position(), count);
		target.position(target.position() + count);
		this.appIn.position(this.appIn.position() + count);
		this.appIn.compact();
		return count;
	}

	/**
	 * Unwraps what the wire gave; the handshake calls this too, on the same thread.
	 */
	SSLEngineResult unwrap() throws SSLException {
		this.netIn.flip();
		try {
			SSLEngineResult result = this.engine.unwrap(this.netIn, this.appIn);
			if (result.getStatus() == Status.BUFFER_OVERFLOW) {
				this.appIn = grow(this.appIn, this.engine.getSession().getApplicationBufferSize());
			}
			return result;
		}
		finally {
			this.netIn.compact();
		}
	}

	/**
	 * Reads from the wire what the engine needs to unwrap a record.
	 * @return the bytes read, or -1 at the end of the stream
	 */
	int fill(long timeoutNanos) throws IOException {
		if (!this.netIn.hasRemaining()) {
			this.netIn = grow(this.netIn, this.engine.getSession().getPacketBufferSize());
		}
		return this.wire.read(this.netIn, timeoutNanos);
	}

	/**
	 * Wraps the source into a record and sends it.
	 */
	SSLEngineResult wrap(ByteBuffer source) throws IOException {
		this.netOut.clear();
		SSLEngineResult result = this.engine.wrap(source, this.netOut);
		if (result.getStatus() == Status.BUFFER_OVERFLOW) {
			this.netOut = grow(this.netOut, this.engine.getSession().getPacketBufferSize());
			return result;
		}
		this.netOut.flip();
		if (this.netOut.hasRemaining()) {
			this.wire.write(this.netOut);
		}
		return result;
	}

	/**
	 * Hands the engine over as a {@link DetachedTls}, with what was read and not yet
	 * handed out, and lets go of the buffers.
	 * @return the detached transport, or {@code null} if the transport below cannot be
	 * detached (the buffers are then kept)
	 */
	@Nullable DetachedTransport detach() throws IOException {
		DetachedTransport detached = DetachedTls.detach(this.engine, this.wire, this.netIn, this.appIn);
		if (detached != null) {
			this.netIn = EMPTY;
			this.appIn = EMPTY;
			this.netOut = EMPTY;
		}
		return detached;
	}

	/**
	 * The capacity of the buffers held; for tests.
	 * @return the bytes of the buffers
	 */
	int capacity() {
		return this.netIn.capacity() + this.appIn.capacity() + this.netOut.capacity();
	}

	private static ByteBuffer grow(ByteBuffer buffer, int atLeast) {
		ByteBuffer larger = ByteBuffer.allocate(Math.max(atLeast, buffer.capacity() * 2));
		buffer.flip();
		larger.put(buffer);
		return larger;
	}

}
