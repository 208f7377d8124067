package io.github.socketserver.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * The socket of a connection as a {@link Transport}, counting the bytes it carries.
 * <p>
 * A TCP socket is read through its socket adaptor's stream, whose {@code SO_TIMEOUT}
 * bounds a wait also on virtual threads; a Unix socket has no {@code SO_TIMEOUT}, so a
 * bounded read there is given a deadline ({@link ReadDeadlines}) that closes the channel
 * when it passes.
 */
final class SocketTransport implements Transport {

	private final SocketChannel channel;

	private final TrafficListener traffic;

	private final boolean inet;

	/**
	 * The TCP socket's stream, taken on the first read.
	 */
	private @Nullable InputStream input;

	/**
	 * The {@code SO_TIMEOUT} last set, in milliseconds; only the reading thread sets it.
	 */
	private int soTimeout;

	SocketTransport(SocketChannel channel, SocketAddress clientAddress, TrafficListener traffic) {
		this.channel = channel;
		this.traffic = traffic;
		this.inet = clientAddress instanceof InetSocketAddress;
	}

	@Override
	public int read(ByteBuffer target, long timeoutNanos) throws IOException {
		int count;
		if (this.inet && target.hasArray()) {
			setSoTimeout(timeoutNanos);
			count = input().read(target.array(), target.arrayOffset() + target.position(), target.remaining());
			if (count > 0) {
				target.position(target.position() + count);
			}
		}
		else {
			count = ReadDeadlines.read(this.channel, target, timeoutNanos);
		}
		if (count > 0) {
			this.traffic.bytesReceived(count);
		}
		return count;
	}

	/**
	 * Sets {@code SO_TIMEOUT} when it changes, rounded up so that a read does not time
	 * out before its bound.
	 */
	private void setSoTimeout(long timeoutNanos) throws IOException {
		int millis = (timeoutNanos <= 0) ? 0 : (int) Math.min(Integer.MAX_VALUE, (timeoutNanos + 999_999) / 1_000_000);
		if (millis != this.soTimeout) {
			this.channel.socket().setSoTimeout(millis);
			this.soTimeout = millis;
		}
	}

	private InputStream input() throws IOException {
		InputStream input = this.input;
		if (input == null) {
			input = this.channel.socket().getInputStream();
			this.input = input;
		}
		return input;
	}

	@Override
	public void write(ByteBuffer source) throws IOException {
		int length = source.remaining();
		while (source.hasRemaining()) {
			this.channel.write(source);
		}
		this.traffic.bytesSent(length);
	}

}
