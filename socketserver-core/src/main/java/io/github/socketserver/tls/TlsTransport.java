package io.github.socketserver.tls;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

import io.github.socketserver.connection.DetachedTransport;
import io.github.socketserver.connection.LayerException;
import io.github.socketserver.connection.Transport;
import org.jspecify.annotations.Nullable;

/**
 * The plaintext of a TLS connection as a {@link Transport}, over the transport of the
 * layer below (the socket, or a transport that already read a PROXY header).
 * <p>
 * One thread reads and another may write at the same time: reading holds the read lock,
 * and writing a record (by a writer, or a reader answering a post-handshake message)
 * holds the write lock, so records go out whole and in the engine's order. A client's
 * {@code close_notify} ends the input, and is answered where the protocol asks it; the
 * server's own is sent by {@link #shutdownOutput()}. A client that starts a new handshake
 * on a TLS 1.2 connection (renegotiation) is refused: the read fails and the connection
 * is closed.
 * <p>
 * {@link #detach()} hands the engine to the message engine as a {@link DetachedTls}, and
 * lets go of this transport's buffers ({@link TlsRecords}, about 50 KB), which an idle
 * connection would otherwise keep.
 */
final class TlsTransport implements Transport {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private final SSLEngine engine;

	private final Transport wire;

	/**
	 * Locks, not monitors: a virtual thread waiting on the socket inside a monitor would
	 * pin its carrier before Java 24.
	 */
	private final ReentrantLock readLock = new ReentrantLock();

	private final ReentrantLock writeLock = new ReentrantLock();

	private final TlsRecords records;

	private boolean inputEnded;

	/**
	 * Set when the connection can carry no more records (a refused renegotiation, a
	 * corrupt record): later reads and writes fail instead of asking the engine again.
	 */
	private volatile boolean broken;

	/**
	 * Creates the transport of one connection.
	 * @param engine the connection's engine, not yet handshaking
	 * @param wire the transport below
	 * @param received bytes read from the wire already (the client's hello), in fill mode
	 */
	TlsTransport(SSLEngine engine, Transport wire, ByteBuffer received) {
		this.engine = engine;
		this.wire = wire;
		this.records = new TlsRecords(engine, wire, received);
	}

	@Override
	public int read(ByteBuffer target, long timeoutNanos) throws IOException {
		this.readLock.lock();
		try {
			long deadline = System.nanoTime() + timeoutNanos;
			while (!this.records.hasPlaintext()) {
				checkNotBroken();
				if (this.inputEnded) {
					return -1;
				}
				SSLEngineResult result = unwrapRecord();
				if (result.getStatus() == Status.BUFFER_UNDERFLOW && fill(remaining(timeoutNanos, deadline)) < 0) {
					endInput();
				}
				else if (result.getStatus() == Status.CLOSED) {
					this.inputEnded = true;
					answerHandshake();
				}
				else if (result.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING
						&& result.getHandshakeStatus() != HandshakeStatus.FINISHED) {
					TlsHandshake.afterHandshake(this.engine, this);
				}
			}
			return this.records.take(target);
		}
		finally {
			this.readLock.unlock();
		}
	}

	@Override
	public void write(ByteBuffer source) throws IOException {
		this.writeLock.lock();
		try {
			while (source.hasRemaining()) {
				checkNotBroken();
				SSLEngineResult result = this.records.wrap(source);
				if (result.getStatus() == Status.CLOSED) {
					throw new SSLException("The TLS connection is closed for writing");
				}
				if (result.bytesConsumed() == 0 && result.bytesProduced() == 0
						&& result.getStatus() != Status.BUFFER_OVERFLOW) {
					stalled(result);
				}
			}
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Sends {@code close_notify}, then ends the output below.
	 */
	@Override
	public void shutdownOutput() throws IOException {
		this.writeLock.lock();
		try {
			this.engine.closeOutbound();
			while (!this.engine.isOutboundDone()) {
				SSLEngineResult result = this.records.wrap(EMPTY);
				if (result.getStatus() == Status.CLOSED && result.bytesProduced() == 0) {
					break;
				}
			}
		}
		finally {
			this.writeLock.unlock();
		}
		this.wire.shutdownOutput();
	}

	/**
	 * Hands the engine over as a {@link DetachedTls}; this transport then keeps no buffer
	 * and fails if used again.
	 */
	@Override
	public @Nullable DetachedTransport detach() throws IOException {
		this.readLock.lock();
		this.writeLock.lock();
		try {
			checkNotBroken();
			this.broken = true;
			DetachedTransport detached = this.records.detach();
			if (detached == null) {
				this.broken = false;
			}
			return detached;
		}
		finally {
			this.writeLock.unlock();
			this.readLock.unlock();
		}
	}

	/**
	 * The capacity of the buffers this transport holds; for tests.
	 * @return the bytes of its buffers
	 */
	int bufferedCapacity() {
		return this.records.capacity();
	}

	/**
	 * A wrap that took and gave nothing: the engine waits for a task (run it) or for the
	 * peer, which a writer cannot satisfy.
	 */
	private void stalled(SSLEngineResult result) throws IOException {
		if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
			TlsHandshake.runTasks(this.engine);
			return;
		}
		if (result.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
			return;
		}
		fail();
		throw new SSLException("The TLS engine cannot write now: it is " + result.getHandshakeStatus());
	}

	/**
	 * The time left of a read that may wait {@code timeoutNanos} in all (0 for no bound),
	 * so that a client trickling a record byte by byte is bounded as one that sends
	 * nothing.
	 */
	private static long remaining(long timeoutNanos, long deadline) throws SocketTimeoutException {
		if (timeoutNanos <= 0) {
			return 0;
		}
		long remaining = deadline - System.nanoTime();
		if (remaining <= 0) {
			throw new SocketTimeoutException("Read timed out: no whole TLS record came in time");
		}
		return remaining;
	}

	/**
	 * Unwraps a record of the application's data; a record that fails to decrypt is the
	 * client's fault, told to it by an alert.
	 */
	private SSLEngineResult unwrapRecord() throws IOException {
		try {
			return unwrap();
		}
		catch (SSLException ex) {
			fail();
			throw new LayerException("TLS record refused: " + ex.getMessage(), ex);
		}
	}

	private void checkNotBroken() throws LayerException {
		if (this.broken) {
			throw new LayerException("The TLS connection failed and carries no more data");
		}
	}

	/**
	 * Marks the connection broken and sends the engine's alert, if the client still
	 * listens.
	 */
	void fail() {
		this.broken = true;
		this.inputEnded = true;
		this.engine.closeOutbound();
		this.writeLock.lock();
		try {
			for (int i = 0; i < 4 && !this.engine.isOutboundDone(); i++) {
				SSLEngineResult result = this.records.wrap(EMPTY);
				if (result.bytesProduced() == 0 && result.getStatus() != Status.BUFFER_OVERFLOW) {
					break;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client may have gone; what failed first is what is reported.
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Unwraps what the wire gave; the handshake calls this too, on the same thread.
	 */
	SSLEngineResult unwrap() throws SSLException {
		return this.records.unwrap();
	}

	/**
	 * Reads from the wire what the engine needs to unwrap a record.
	 * @return the bytes read, or -1 at the end of the stream
	 */
	int fill(long timeoutNanos) throws IOException {
		return this.records.fill(timeoutNanos);
	}

	/**
	 * Wraps and sends what the engine has to say, a handshake message or an alert.
	 */
	void answerHandshake() throws IOException {
		TlsHandshake.answer(this.engine, this);
	}

	/**
	 * Wraps and sends one message of the engine's, holding the write lock.
	 * @return false if the engine's output is closed and done
	 */
	boolean wrapHandshake() throws IOException {
		this.writeLock.lock();
		try {
			return !(this.records.wrap(EMPTY).getStatus() == Status.CLOSED && this.engine.isOutboundDone());
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * The wire ended without {@code close_notify}: the input ends all the same, as a
	 * clean end of stream, since common clients close so ({@code redis-cli --tls} does,
	 * where {@code openssl s_client} and {@code socat} send {@code close_notify}). A
	 * protocol whose last message is known by its framing (lines, RESP) is safe; one that
	 * takes the end of the stream as the end of a message cannot tell it from a
	 * truncation.
	 */
	private void endInput() {
		this.inputEnded = true;
		try {
			this.engine.closeInbound();
		}
		catch (SSLException ex) {
			// A truncated stream: the reader sees its end either way.
		}
	}

}
