package io.github.socketserver.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.socketserver.connection.DetachedTransport;
import io.github.socketserver.connection.Transport;
import org.jspecify.annotations.Nullable;

/**
 * A blocking socket as the transport below TLS, shaped to put the bytes where a test
 * wants them at the detach: it gives at most {@code give} bytes a read, may read ahead of
 * what it gave (as a PROXY header reader does), and may wait before reading once it wrote
 * (so that what the client sends behind its {@code Finished} comes in one read).
 */
final class ChannelTransport implements Transport {

	private final SocketChannel channel;

	private final int give;

	private final @Nullable ByteBuffer ahead;

	private final boolean detachable;

	private final CountDownLatch gate = new CountDownLatch(1);

	private volatile boolean gated;

	private volatile boolean wrote;

	/**
	 * Creates the transport.
	 * @param channel the blocking channel
	 * @param give the most bytes a read gives
	 * @param readAhead whether it reads from the socket more than it gives
	 * @param detachable whether it can be detached, as the socket's own transport can
	 */
	ChannelTransport(SocketChannel channel, int give, boolean readAhead, boolean detachable) {
		this.channel = channel;
		this.give = give;
		this.ahead = readAhead ? ByteBuffer.allocate(64 * 1024).flip() : null;
		this.detachable = detachable;
	}

	/**
	 * Makes the reads after the first write wait until {@link #open()}.
	 * @return this transport
	 */
	ChannelTransport gated() {
		this.gated = true;
		return this;
	}

	/**
	 * Lets the waiting reads go.
	 */
	void open() {
		this.gate.countDown();
	}

	@Override
	public int read(ByteBuffer target, long timeoutNanos) throws IOException {
		if (this.gated && this.wrote) {
			try {
				if (!this.gate.await(30, TimeUnit.SECONDS)) {
					throw new IOException("The test never opened the gate");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}
		ByteBuffer ahead = this.ahead;
		if (ahead == null) {
			int count = Math.min(this.give, target.remaining());
			ByteBuffer slice = target.slice(target.position(), count);
			int read = this.channel.read(slice);
			target.position(target.position() + Math.max(read, 0));
			return read;
		}
		if (!ahead.hasRemaining()) {
			ahead.clear();
			int read = this.channel.read(ahead);
			ahead.flip();
			if (read < 0) {
				return -1;
			}
		}
		int count = Math.min(Math.min(this.give, target.remaining()), ahead.remaining());
		target.put(ahead.slice(ahead.position(), count));
		ahead.position(ahead.position() + count);
		return count;
	}

	@Override
	public void write(ByteBuffer source) throws IOException {
		while (source.hasRemaining()) {
			this.channel.write(source);
		}
		this.wrote = true;
	}

	@Override
	public @Nullable DetachedTransport detach() {
		if (!this.detachable) {
			return null;
		}
		ByteBuffer unread = (this.ahead != null) ? this.ahead : ByteBuffer.allocate(0);
		return new DetachedTransport() {

			@Override
			public ByteBuffer unread() {
				return unread;
			}

			@Override
			public boolean isPlain() {
				return true;
			}

			@Override
			public boolean unwrap(ByteBuffer fromSocket, Consumer<ByteBuffer> clear, Consumer<ByteBuffer> toSocket) {
				throw new UnsupportedOperationException("plain");
			}

			@Override
			public ByteBuffer wrap(ByteBuffer clear) {
				throw new UnsupportedOperationException("plain");
			}

			@Override
			public ByteBuffer closing() {
				return ByteBuffer.allocate(0);
			}

		};
	}

}
