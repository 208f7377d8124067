package io.github.socketserver.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.github.socketserver.connection.DetachedTransport;
import io.github.socketserver.connection.Transport;
import org.jspecify.annotations.Nullable;

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

	/**
	 * Detaches the transport below, and gives the prefix not yet read before what that
	 * one read ahead.
	 */
	@Override
	public @Nullable DetachedTransport detach() throws IOException {
		DetachedTransport inner = this.transport.detach();
		if (inner == null) {
			return null;
		}
		ByteBuffer innerUnread = inner.unread();
		if (!this.prefix.hasRemaining() && inner.isPlain() && !innerUnread.hasRemaining()) {
			return inner;
		}
		ByteBuffer unread = ByteBuffer.allocate(this.prefix.remaining() + innerUnread.remaining());
		unread.put(this.prefix).put(innerUnread).flip();
		return new Prefixed(inner, unread);
	}

	/**
	 * The detached transport below, with the prefix first.
	 */
	private record Prefixed(DetachedTransport inner, ByteBuffer unread) implements DetachedTransport {

		@Override
		public boolean isPlain() {
			return this.inner.isPlain();
		}

		@Override
		public boolean unwrap(ByteBuffer fromSocket, Consumer<ByteBuffer> clear, Consumer<ByteBuffer> toSocket)
				throws IOException {
			return this.inner.unwrap(fromSocket, clear, toSocket);
		}

		@Override
		public ByteBuffer wrap(ByteBuffer clear) throws IOException {
			return this.inner.wrap(clear);
		}

		@Override
		public ByteBuffer closing() throws IOException {
			return this.inner.closing();
		}

	}

}
