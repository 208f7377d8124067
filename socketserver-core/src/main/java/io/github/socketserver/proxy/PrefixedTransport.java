package io.github.socketserver.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.github.socketserver.connection.Transport;

/**
 * A transport that first gives the bytes read with a header and not part of it (the start
 * of a TLS handshake, the client's first line), then reads on. Reading is one thread's at
 * a time, as {@link Transport} says, so the prefix needs no lock.
 */
final class PrefixedTransport implements Transport {

	private final Transport transport;

	private final ByteBuffer prefix;

	PrefixedTransport(Transport transport, ByteBuffer prefix) {
		this.transport = transport;
		this.prefix = prefix;
	}

	@Override
	public int read(ByteBuffer target, long timeoutNanos) throws IOException {
		if (!this.prefix.hasRemaining()) {
			return this.transport.read(target, timeoutNanos);
		}
		int count = Math.min(this.prefix.remaining(), target.remaining());
		ByteBuffer slice = this.prefix.slice();
		slice.limit(count);
		target.put(slice);
		this.prefix.position(this.prefix.position() + count);
		return count;
	}

	@Override
	public void write(ByteBuffer source) throws IOException {
		this.transport.write(source);
	}

}
