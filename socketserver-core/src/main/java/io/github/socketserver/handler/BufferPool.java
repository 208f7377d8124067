package io.github.socketserver.handler;

import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * Byte arrays of one size, shared by every connection of the JVM, so that a connection
 * holds an output buffer only while it has output: an idle connection holds none, and a
 * busy one does not allocate one per reply.
 * <p>
 * Bounded and lock-free: a few slots, each taken and given back with one atomic
 * operation. When every slot is empty a new array is allocated; when every slot is full a
 * returned array is left to the garbage collector. An array must be given back at most
 * once, by the one owner it was given to, or two connections would share it.
 */
final class BufferPool {

	/**
	 * Output buffers of replies that fit a few hundred bytes, the common case.
	 */
	static final BufferPool SMALL = new BufferPool(512, 64);

	/**
	 * Output buffers grown for larger replies.
	 */
	static final BufferPool LARGE = new BufferPool(8192, 16);

	private final int arraySize;

	private final AtomicReferenceArray<byte @Nullable []> slots;

	private final int mask;

	/**
	 * Creates a pool.
	 * @param arraySize the length of every array
	 * @param slots how many arrays it keeps at most, a power of two
	 */
	BufferPool(int arraySize, int slots) {
		if (Integer.bitCount(slots) != 1) {
			throw new IllegalArgumentException("slots must be a power of two: " + slots);
		}
		this.arraySize = arraySize;
		this.slots = new AtomicReferenceArray<>(slots);
		this.mask = slots - 1;
	}

	/**
	 * The length of the arrays of this pool.
	 * @return the array size
	 */
	int arraySize() {
		return this.arraySize;
	}

	/**
	 * Takes an array from the pool, or allocates one. Its content is undefined.
	 * @return an array of {@link #arraySize()} bytes, owned by the caller
	 */
	byte[] take() {
		int start = start();
		for (int i = 0; i <= this.mask; i++) {
			int slot = (start + i) & this.mask;
			if (this.slots.get(slot) != null) {
				byte[] array = this.slots.getAndSet(slot, null);
				if (array != null) {
					return array;
				}
			}
		}
		return new byte[this.arraySize];
	}

	/**
	 * Gives an array back; the caller must not use it any more.
	 * @param array an array of {@link #arraySize()} bytes taken from this pool
	 */
	void give(byte[] array) {
		if (array.length != this.arraySize) {
			return;
		}
		int start = start();
		for (int i = 0; i <= this.mask; i++) {
			int slot = (start + i) & this.mask;
			if (this.slots.get(slot) == null && this.slots.compareAndSet(slot, null, array)) {
				return;
			}
		}
	}

	/**
	 * Where a thread starts looking, so that threads on different carriers mostly touch
	 * different slots.
	 */
	private int start() {
		long id = Thread.currentThread().getId();
		return (int) (id ^ (id >>> 16)) & this.mask;
	}

	/**
	 * How many arrays the pool holds now; for tests.
	 * @return the number of arrays waiting to be taken
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
