package io.github.socketserver.message;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * The buffers a connection keeps only while a frame is not yet whole, in read mode (from
 * position to limit): grown as bytes come, copied out of the loop's buffer only for the
 * tail that must wait.
 */
final class FrameBuffers {

	private FrameBuffers() {
	}

	/**
	 * Appends bytes to a buffer in read mode, growing it when needed.
	 */
	static ByteBuffer append(@Nullable ByteBuffer target, ByteBuffer bytes) {
		int length = bytes.remaining();
		if (target == null) {
			ByteBuffer copy = ByteBuffer.allocate(Math.max(length, 256));
			return copy.put(bytes).flip();
		}
		if (target.capacity() - target.limit() < length) {
			int needed = target.remaining() + length;
			ByteBuffer grown = ByteBuffer
				.allocate(Math.max(needed, Math.min(2 * target.capacity(), needed + FrameInput.READ_BUFFER_SIZE)));
			grown.put(target);
			grown.put(bytes);
			return grown.flip();
		}
		int end = target.limit();
		target.limit(end + length);
		target.put(end, bytes, bytes.position(), length);
		bytes.position(bytes.limit());
		return target;
	}

	/**
	 * What to keep of bytes not yet used: nothing, the buffer itself moved to its start
	 * if it is the connection's own, or a copy if it is the loop's.
	 */
	static @Nullable ByteBuffer keep(ByteBuffer source, boolean owned) {
		if (!source.hasRemaining()) {
			return null;
		}
		if (owned) {
			return source.compact().flip();
		}
		return append(null, source);
	}

}
