package io.github.socketserver.handler;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * Buffers of one size (heap byte buffers, whose array is written directly), shared by
 * every connection of the JVM, so that a connection holds an output buffer only while it
 * has output: an idle connection holds none, and a busy one allocates neither an array
 * nor a buffer object per reply.
 * <p>
 * Bounded and lock-free: a few slots, each taken and given back with one atomic
 * operation. When every slot is empty a new buffer is allocated; when every slot is full
 * a returned buffer is left to the garbage collector. A buffer must be given back at most
 * once, by the one owner it was given to, or two connections would share it.
 * <p>
 * Public for the layers that turn bytes in memory (TLS borrows a record-sized buffer for
 * each call); handlers have no use for it.
 *
 * @since 0.2.0
 */
public final class BufferPool {

	/**
	 * Output buffers of replies that fit a few hundred bytes, the common case.
	 */
	static final BufferPool SMALL = new BufferPool(512, 64);

	/**
	 * Output buffers grown for larger replies.
	 */
	static final BufferPool LARGE = new BufferPool(8192, 16);

	private final int arraySize;

	private final AtomicReferenceArray<@Nullable ByteBuffer> slots;

	private final int mask;

	/**
	 * The slot a buffer was last given back to, where both take and give start looking: a
	 * pool holding a few buffers among many slots then finds one at the first look, where
	 * a start of each thread's own made every take scan most empty slots (a thread per
	 * connection, and thousands of them). A hint only: read and written without ordering,
	 * as every slot is checked atomically anyway.
	 */
	private int lastGiven;

	/**
	 * Creates a pool.
	 * @param arraySize the capacity of every buffer
	 * @param slots how many buffers it keeps at most, a power of two
	 */
	public BufferPool(int arraySize, int slots) {
		if (Integer.bitCount(slots) != 1) {
			throw new IllegalArgumentException("slots must be a power of two: " + slots);
		}
		this.arraySize = arraySize;
		this.slots = new AtomicReferenceArray<>(slots);
		this.mask = slots - 1;
	}

	/**
	 * The capacity of the buffers of this pool.
	 * @return the length of their arrays
	 */
	public int arraySize() {
		return this.arraySize;
	}

	/**
	 * Takes a buffer from the pool, or allocates one. Its content, position and limit are
	 * undefined.
	 * @return a buffer of {@link #arraySize()} bytes with an accessible array, owned by
	 * the caller
	 */
	public ByteBuffer take() {
		int start = this.lastGiven;
		for (int i = 0; i <= this.mask; i++) {
			int slot = (start + i) & this.mask;
			if (this.slots.get(slot) != null) {
				ByteBuffer buffer = this.slots.getAndSet(slot, null);
				if (buffer != null) {
					return buffer;
				}
			}
		}
		return ByteBuffer.wrap(new byte[this.arraySize]);
	}

	/**
	 * Gives a buffer back; the caller must not use it any more.
	 * @param buffer a buffer taken from this pool
	 */
	public void give(ByteBuffer buffer) {
		if (buffer.capacity() != this.arraySize) {
			return;
		}
		int start = this.lastGiven;
		for (int i = 0; i <= this.mask; i++) {
			int slot = (start + i) & this.mask;
			if (this.slots.get(slot) == null && this.slots.compareAndSet(slot, null, buffer)) {
				this.lastGiven = slot;
				return;
			}
		}
	}

	/**
	 * How many buffers the pool holds now; for tests.
	 * @return the number of buffers waiting to be taken
	 */
	int available() {
		int count = 0;
		for (int i = 0; i <= this.mask; i++) {
			if (this.slots.get(i) != null) {
				count++;
			}
		}
		return count;
	}

}
