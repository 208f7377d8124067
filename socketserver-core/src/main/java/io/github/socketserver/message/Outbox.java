package io.github.socketserver.message;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;

/**
 * The bytes of one connection waiting for its socket, in the order they were sent. A
 * connection holds one only while something waits: most replies are written at once.
 * Small sends share a chunk, so that replies to pipelined frames leave in one write.
 * <p>
 * Not thread-safe: its connection guards it.
 */
final class Outbox {

	/**
	 * The least a new chunk holds, so that many small replies share one.
	 */
	private static final int MIN_CHUNK = 1024;

	/**
	 * The most chunks one gathering write takes.
	 */
	private static final int MAX_GATHER = 16;

	/**
	 * Chunks in read mode: from position (the next byte to write) to limit.
	 */
	private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>(4);

	private long bytes;

	/**
	 * When the socket last took bytes, or the wait for it began, as
	 * {@link System#nanoTime()}.
	 */
	private long progressAt;

	/**
	 * Whether a write left bytes the socket did not take: the loop then waits for it to
	 * be writable.
	 */
	private boolean waitingForSocket;

	/**
	 * Copies the bytes in, after those already waiting.
	 * @param source the bytes, from position to limit; consumed
	 */
	void add(ByteBuffer source) {
		int length = source.remaining();
		ByteBuffer tail = this.chunks.peekLast();
		if (tail != null && tail.capacity() - tail.limit() >= length) {
			int end = tail.limit();
			tail.limit(end + length);
			tail.put(end, source, source.position(), length);
			source.position(source.limit());
		}
		else {
			ByteBuffer chunk = ByteBuffer.allocate(Math.max(length, MIN_CHUNK));
			chunk.put(source).flip();
			this.chunks.addLast(chunk);
		}
		this.bytes += length;
	}

	/**
	 * Writes as much as the channel takes without blocking.
	 * @param channel the connection's channel, non-blocking
	 * @param now the time, as {@link System#nanoTime()}
	 * @return how many bytes it took
	 * @throws IOException if writing fails
	 */
	long writeTo(GatheringByteChannel channel, long now) throws IOException {
		long total = 0;
		boolean full = false;
		while (!this.chunks.isEmpty() && !full) {
			ByteBuffer[] gathered = new ByteBuffer[Math.min(MAX_GATHER, this.chunks.size())];
			long offered = 0;
			int index = 0;
			for (ByteBuffer chunk : this.chunks) {
				if (index == gathered.length) {
					break;
				}
				gathered[index++] = chunk;
				offered += chunk.remaining();
			}
			long written = (gathered.length == 1) ? channel.write(gathered[0]) : channel.write(gathered);
			while (!this.chunks.isEmpty() && !this.chunks.peekFirst().hasRemaining()) {
				this.chunks.removeFirst();
			}
			// A write that took less than it was offered found the socket's buffer full.
			full = written < offered;
			if (written > 0) {
				total += written;
				this.bytes -= written;
				this.progressAt = now;
			}
		}
		boolean wasWaiting = this.waitingForSocket;
		this.waitingForSocket = !this.chunks.isEmpty();
		if (this.waitingForSocket && !wasWaiting) {
			this.progressAt = now;
		}
		return total;
	}

	/**
	 * {@return how many bytes wait}
	 */
	long bytes() {
		return this.bytes;
	}

	boolean isEmpty() {
		return this.chunks.isEmpty();
	}

	/**
	 * {@return whether a write left bytes behind, so that the loop waits for the socket}
	 */
	boolean waitingForSocket() {
		return this.waitingForSocket;
	}

	/**
	 * Whether the socket took nothing for {@code timeoutNanos} while bytes waited for it.
	 * @param now the time, as {@link System#nanoTime()}
	 * @param timeoutNanos the write timeout, positive
	 * @return true if the write stalled that long
	 */
	boolean stalled(long now, long timeoutNanos) {
		return this.waitingForSocket && now - this.progressAt >= timeoutNanos;
	}

}
