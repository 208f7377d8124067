package io.github.socketserver.tls;

import java.io.IOException;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;

import io.github.socketserver.handler.BufferPool;
import org.jspecify.annotations.Nullable;

/**
 * The buffers of a detached TLS connection: a pool of record-sized buffers lent for one
 * call, and results allocated to the size of what they hold, so that an idle connection
 * holds none.
 */
final class RecordBuffers {

	/**
	 * Buffers with room for the largest record (16 KiB of data, its header, padding and
	 * tag), lent for one call. The engine asks for that much room before each wrap, and
	 * for as much as a record holds before an unwrap.
	 */
	static final BufferPool POOL = new BufferPool(17 * 1024, 16);

	/**
	 * The most data one record carries.
	 */
	private static final int MAX_FRAGMENT = 16384;

	private RecordBuffers() {
	}

	/**
	 * Wraps what the engine has to send: the bytes of {@code source}, and before them any
	 * message the engine must send first (a key update's answer), or with an empty source
	 * what it has to say now (a handshake message, an alert, {@code close_notify}).
	 * @param engine the engine
	 * @param source the bytes to send, consumed as far as the engine takes them; left
	 * with some if it is closed or cannot send now
	 * @param made bytes to send before, in fill mode, or {@code null}
	 * @return the records, from position to limit, in a buffer the size of them
	 * @throws IOException if the engine fails
	 */
	static ByteBuffer wrap(SSLEngine engine, ByteBuffer source, @Nullable ByteBuffer made) throws IOException {
		ByteBuffer pooled = POOL.take();
		ByteBuffer target = pooled;
		try {
			while (source.hasRemaining() || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
				SSLEngineResult result = engine.wrap(source, target.clear());
				if (result.getStatus() == Status.BUFFER_OVERFLOW) {
					// The engine's packets grew beyond the pool's size (large fragments).
					target = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
					continue;
				}
				if (result.bytesProduced() > 0) {
					int overhead = Math.max(64, result.bytesProduced() - result.bytesConsumed());
					made = append(made, target.flip(), expected(source.remaining(), overhead));
				}
				if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
					TlsHandshake.runTasks(engine);
				}
				else if (result.getStatus() == Status.CLOSED
						|| (result.bytesProduced() == 0 && result.bytesConsumed() == 0)) {
					break;
				}
			}
		}
		finally {
			POOL.give(pooled);
		}
		return (made != null) ? made.flip() : ByteBuffer.allocate(0);
	}

	/**
	 * The room the records of {@code remaining} bytes still to wrap will take.
	 */
	private static int expected(int remaining, int overhead) {
		return (remaining == 0) ? 0 : remaining + (remaining / MAX_FRAGMENT + 1) * overhead;
	}

	/**
	 * Appends bytes to a buffer in fill mode, growing it to hold them and {@code more}.
	 * @param buffer the buffer, or {@code null} for a new one
	 * @param bytes the bytes, from position to limit, consumed
	 * @param more room to keep for bytes that will follow
	 * @return the buffer, or a larger one, in fill mode
	 */
	static ByteBuffer append(@Nullable ByteBuffer buffer, ByteBuffer bytes, int more) {
		if (buffer == null || buffer.remaining() < bytes.remaining()) {
			int held = (buffer != null) ? buffer.position() : 0;
			ByteBuffer larger = ByteBuffer.allocate(held + bytes.remaining() + more);
			if (buffer != null) {
				larger.put(buffer.flip());
			}
			buffer = larger;
		}
		return buffer.put(bytes);
	}

	/**
	 * A copy of the bytes of {@code bytes} from position to limit, leaving it as it was.
	 * @param bytes the bytes
	 * @param more room to keep after them
	 * @return the copy, in fill mode
	 */
	static ByteBuffer copyOf(ByteBuffer bytes, int more) {
		return ByteBuffer.allocate(bytes.remaining() + more).put(bytes.duplicate());
	}

}
