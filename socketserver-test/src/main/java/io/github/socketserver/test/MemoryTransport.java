package io.github.socketserver.test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import io.github.socketserver.connection.Transport;

/**
 * A connection's bytes in memory: reads give the input, then the end of the stream, as
 * from a client that sent everything and shut its output down; writes are kept.
 * Thread-safe, as a handler may write from another thread than the one reading.
 */
final class MemoryTransport implements Transport {

	private final ByteBuffer input;

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	MemoryTransport(byte[] input) {
		this.input = ByteBuffer.wrap(input.clone());
	}

	@Override
	public synchronized int read(ByteBuffer target, long timeoutNanos) {
		if (!this.input.hasRemaining()) {
			return -1;
		}
		int count = Math.min(target.remaining(), this.input.remaining());
		target.put(this.input.slice(this.input.position(), count));
		this.input.position(this.input.position() + count);
		return count;
	}

	@Override
	public synchronized void write(ByteBuffer source) {
		while (source.hasRemaining()) {
			this.output.write(source.get());
		}
	}

	/**
	 * Everything written so far.
	 * @return a copy of the bytes
	 */
	synchronized byte[] written() {
		return this.output.toByteArray();
	}

}
