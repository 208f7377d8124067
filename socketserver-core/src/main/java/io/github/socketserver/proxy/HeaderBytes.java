package io.github.socketserver.proxy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

import io.github.socketserver.connection.HeaderException;
import io.github.socketserver.connection.Transport;

/**
 * The first bytes of one connection, read until a header is complete within one deadline
 * for the whole header, so that a client trickling bytes cannot stretch it. What is read
 * past the header is handed on untouched ({@link #rest}).
 */
final class HeaderBytes {

	/**
	 * One read takes what a first TCP segment usually carries; a longer version 2 header
	 * grows the buffer to its announced length.
	 */
	private static final int FIRST_READ = 536;

	private final Transport transport;

	private final long deadline;

	private final long timeoutMillis;

	private ByteBuffer buffer = ByteBuffer.allocate(FIRST_READ);

	HeaderBytes(Transport transport, long timeoutNanos) {
		this.transport = transport;
		this.deadline = System.nanoTime() + timeoutNanos;
		this.timeoutMillis = timeoutNanos / 1_000_000;
	}

	/**
	 * {@return how many bytes were read so far}
	 */
	int count() {
		return this.buffer.position();
	}

	byte at(int index) {
		return this.buffer.get(index);
	}

	int unsignedShort(int index) {
		return this.buffer.getShort(index) & 0xffff;
	}

	ByteBuffer slice(int from, int length) {
		return this.buffer.slice(from, length);
	}

	/**
	 * Reads until at least {@code count} bytes are there.
	 * @throws HeaderException if the client closes, or the deadline passes first
	 */
	void fill(int count) throws IOException {
		if (count > this.buffer.capacity()) {
			grow(count);
		}
		while (this.buffer.position() < count) {
			readMore();
		}
	}

	/**
	 * Reads what comes next, at least one byte.
	 * @throws HeaderException if the client closes, or the deadline passes first
	 */
	void readMore() throws IOException {
		if (!this.buffer.hasRemaining()) {
			grow(this.buffer.capacity() * 2);
		}
		long remaining = this.deadline - System.nanoTime();
		if (remaining <= 0) {
			throw slow();
		}
		int read;
		try {
			read = this.transport.read(this.buffer, remaining);
		}
		catch (SocketTimeoutException ex) {
			throw slow();
		}
		if (read < 0) {
			throw new HeaderException(
					"The connection closed within its PROXY protocol header, after " + count() + " bytes: " + quote());
		}
	}

	private void grow(int capacity) {
		ByteBuffer larger = ByteBuffer.allocate(capacity);
		this.buffer.flip();
		larger.put(this.buffer);
		this.buffer = larger;
	}

	private HeaderException slow() {
		return new HeaderException("No complete PROXY protocol header within the header timeout of "
				+ this.timeoutMillis + " ms, after " + count() + " bytes: " + quote());
	}

	/**
	 * The first bytes read, for a message: as hexadecimal, never more than 32 of them.
	 */
	String quote() {
		int length = Math.min(count(), 32);
		byte[] bytes = new byte[length];
		this.buffer.get(0, bytes);
		return HexFormat.of().formatHex(bytes) + ((count() > length) ? "..." : "");
	}

	/**
	 * The transport the next layer reads: the bytes read after {@code headerLength}
	 * first.
	 */
	Transport rest(int headerLength) {
		if (count() == headerLength) {
			return this.transport;
		}
		ByteBuffer rest = ByteBuffer.allocate(count() - headerLength);
		rest.put(this.buffer.slice(headerLength, count() - headerLength)).flip();
		return new PrefixedTransport(this.transport, rest);
	}

}
