package io.github.socketserver.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

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
 * A TLS connection as the message engine takes it over after the handshake: the same
 * {@link SSLEngine}, turning bytes in memory on the thread that calls, with the policy of
 * {@link TlsTransport}: a TLS 1.3 key update is answered, a client's renegotiation (TLS
 * 1.2) and a corrupt record fail with a {@link LayerException} (the client's fault) after
 * the engine's alert was given to {@code toSocket}.
 * <p>
 * <b>Memory.</b> An idle connection holds its engine and this object, no packet or
 * application buffer: on JDK 25, 5.3 KB with TLS 1.3 and 3.7 KB with TLS 1.2 (live heap
 * of 2,000 detached engines after a handshake and a reply: mostly sessions, keys and the
 * cipher states of both directions). Each {@link #unwrap} and {@link #wrap} borrows a
 * record-sized buffer (17 KiB) from a pool shared by the JVM and gives it back before it
 * returns; {@link #wrap} allocates only its result, the size of the records it made. The
 * start of a record not yet whole stays in the caller's buffer.
 * <p>
 * A {@code close_notify} or a key update among the records read before the detach is
 * acted on then: the next {@link #unwrap} returns false, and the answer goes out before
 * the next record this side sends.
 * <p>
 * <b>Order.</b> Records must reach the socket in the order they were made, or the client
 * fails to decrypt what follows a key update. What {@link #wrap} returns is made whole
 * under this object's monitor, as is a key update's answer, which is then given to
 * {@code toSocket} outside it; the caller keeps the order from there: it calls
 * {@link #unwrap} and {@link #wrap} on the one thread that writes the connection, or
 * holds one lock of the connection across {@link #unwrap} and across each {@link #wrap}
 * with the queueing of its result.
 */
final class DetachedTls implements DetachedTransport {

	private final SSLEngine engine;

	/**
	 * Bytes in the clear not yet handed out, until {@link #unread()} hands them.
	 */
	private ByteBuffer unread;

	/**
	 * The start of a record that was read before the detach and is not yet whole; joined
	 * to the bytes of the next {@link #unwrap}.
	 */
	private @Nullable ByteBuffer carry;

	/**
	 * Bytes the engine made in answer while detaching, sent before the next record.
	 */
	private @Nullable ByteBuffer answers;

	private boolean inputEnded;

	private volatile boolean broken;

	private DetachedTls(SSLEngine engine) {
		this.engine = engine;
		this.unread = ByteBuffer.allocate(0);
	}

	/**
	 * Takes an engine over after its handshake, with the transport below, decrypting the
	 * whole records read already.
	 * @param engine the engine, its handshake done
	 * @param wire the transport below, detached too
	 * @param netIn bytes read from the wire and not decrypted, in fill mode
	 * @param appIn bytes decrypted and not handed out, in fill mode
	 * @return the detached transport, or {@code null} if the transport below cannot be
	 * detached
	 * @throws LayerException if a record read already is corrupt or starts a
	 * renegotiation
	 * @throws IOException if the transport below is not plain bytes
	 */
	static @Nullable DetachedTls detach(SSLEngine engine, Transport wire, ByteBuffer netIn, ByteBuffer appIn)
			throws IOException {
		DetachedTransport below = wire.detach();
		if (below == null) {
			return null;
		}
		if (!below.isPlain()) {
			throw new IOException("TLS is detached only over plain bytes, not over " + below);
		}
		ByteBuffer network = RecordBuffers.append(netIn, below.unread(), 0).flip();
		DetachedTls tls = new DetachedTls(engine);
		ByteBuffer[] gathered = { RecordBuffers.copyOf(appIn.flip(), 0), null };
		tls.unwrapRecords(network, (bytes) -> gathered[0] = RecordBuffers.append(gathered[0], bytes, 0),
				(bytes) -> gathered[1] = RecordBuffers.append(gathered[1], bytes, 0));
		tls.unread = gathered[0].flip();
		tls.answers = gathered[1];
		tls.carry = network.hasRemaining() ? RecordBuffers.copyOf(network, 0).flip() : null;
		return tls;
	}

	@Override
	public ByteBuffer unread() {
		ByteBuffer bytes = this.unread;
		this.unread = ByteBuffer.allocate(0);
		return bytes;
	}

	@Override
	public boolean isPlain() {
		return false;
	}

	/**
	 * Decrypts every whole record of {@code fromSocket}, leaving the start of a record
	 * that is not yet whole in place for the next call with more.
	 */
	@Override
	public boolean unwrap(ByteBuffer fromSocket, Consumer<ByteBuffer> clear, Consumer<ByteBuffer> toSocket)
			throws IOException {
		checkNotBroken();
		if (this.inputEnded) {
			return false;
		}
		ByteBuffer carry = this.carry;
		if (carry == null) {
			return unwrapRecords(fromSocket, clear, toSocket);
		}
		ByteBuffer joined = RecordBuffers.copyOf(carry, fromSocket.remaining()).put(fromSocket.duplicate()).flip();
		boolean open = unwrapRecords(joined, clear, toSocket);
		int fromCarry = Math.min(joined.position(), carry.remaining());
		carry.position(carry.position() + fromCarry);
		fromSocket.position(fromSocket.position() + joined.position() - fromCarry);
		this.carry = carry.hasRemaining() ? carry : null;
		return open;
	}

	/**
	 * Decrypts whole records into a pooled buffer, handing its content out when it is
	 * full, at the end of the bytes, and before a post-handshake message is answered.
	 */
	private boolean unwrapRecords(ByteBuffer network, Consumer<ByteBuffer> clear, Consumer<ByteBuffer> toSocket)
			throws IOException {
		ByteBuffer pooled = RecordBuffers.POOL.take();
		ByteBuffer target = pooled.clear();
		try {
			while (true) {
				SSLEngineResult result = unwrapRecord(network, target, toSocket);
				Status status = result.getStatus();
				if (status == Status.BUFFER_OVERFLOW) {
					target = (target.position() > 0) ? deliver(target, clear)
							: ByteBuffer.allocate(this.engine.getSession().getApplicationBufferSize());
					continue;
				}
				HandshakeStatus handshake = result.getHandshakeStatus();
				boolean handshaking = handshake != HandshakeStatus.NOT_HANDSHAKING
						&& handshake != HandshakeStatus.FINISHED;
				if (status == Status.OK && !handshaking && result.bytesConsumed() > 0) {
					continue;
				}
				deliver(target, clear);
				if (status == Status.BUFFER_UNDERFLOW) {
					return true;
				}
				if (status == Status.CLOSED) {
					this.inputEnded = true;
					answer(toSocket);
					return false;
				}
				if (!handshaking) {
					// Nothing taken and nothing to answer: wait for more.
					return true;
				}
				afterHandshake(toSocket);
			}
		}
		finally {
			RecordBuffers.POOL.give(pooled);
		}
	}

	private SSLEngineResult unwrapRecord(ByteBuffer network, ByteBuffer target, Consumer<ByteBuffer> toSocket)
			throws IOException {
		try {
			return this.engine.unwrap(network, target);
		}
		catch (SSLException ex) {
			fail(toSocket);
			throw new LayerException("TLS record refused: " + ex.getMessage(), ex);
		}
	}

	private static ByteBuffer deliver(ByteBuffer target, Consumer<ByteBuffer> clear) {
		target.flip();
		if (target.hasRemaining()) {
			clear.accept(target);
		}
		return target.clear();
	}

	/**
	 * A message of the handshake protocol after the handshake: answered on TLS 1.3 (a key
	 * update), refused on TLS 1.2 (a renegotiation), as {@link TlsHandshake} does.
	 */
	private void afterHandshake(Consumer<ByteBuffer> toSocket) throws IOException {
		if (!"TLSv1.3".equals(this.engine.getSession().getProtocol())) {
			fail(toSocket);
			throw new LayerException("TLS renegotiation started by the client refused");
		}
		answer(toSocket);
	}

	/**
	 * Runs the engine's tasks and gives what it has to say to {@code toSocket}.
	 */
	private void answer(Consumer<ByteBuffer> toSocket) throws IOException {
		ByteBuffer bytes;
		synchronized (this) {
			TlsHandshake.runTasks(this.engine);
			bytes = RecordBuffers.wrap(this.engine, ByteBuffer.allocate(0), null);
		}
		if (bytes.hasRemaining()) {
			toSocket.accept(bytes);
		}
	}

	/**
	 * Marks the connection broken and gives the engine's alert to {@code toSocket}.
	 */
	private void fail(Consumer<ByteBuffer> toSocket) {
		this.broken = true;
		this.inputEnded = true;
		try {
			ByteBuffer alert;
			synchronized (this) {
				this.engine.closeOutbound();
				alert = RecordBuffers.wrap(this.engine, ByteBuffer.allocate(0), null);
			}
			if (alert.hasRemaining()) {
				toSocket.accept(alert);
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client may have gone; what failed first is what is reported.
		}
	}

	@Override
	public synchronized ByteBuffer wrap(ByteBuffer clear) throws IOException {
		checkNotBroken();
		ByteBuffer bytes = RecordBuffers.wrap(this.engine, clear, takeAnswers());
		if (clear.hasRemaining()) {
			throw new SSLException("The TLS connection cannot carry data now: it is closed or handshaking");
		}
		return bytes;
	}

	@Override
	public synchronized ByteBuffer closing() throws IOException {
		ByteBuffer answers = takeAnswers();
		if (this.broken) {
			return (answers != null) ? answers.flip() : ByteBuffer.allocate(0);
		}
		this.engine.closeOutbound();
		return RecordBuffers.wrap(this.engine, ByteBuffer.allocate(0), answers);
	}

	private @Nullable ByteBuffer takeAnswers() {
		ByteBuffer answers = this.answers;
		this.answers = null;
		return answers;
	}

	private void checkNotBroken() throws LayerException {
		if (this.broken) {
			throw new LayerException("The TLS connection failed and carries no more data");
		}
	}

}
