package io.github.socketserver.handler;

/**
 * The size a connection's input buffer gets when it is next refilled, following the size
 * of reads: doubled after a read that filled the buffer (more is waiting), up to 8 KiB,
 * halved after two reads in a row that used under a quarter of it, down to 128 bytes. An
 * idle connection of a chatty protocol so holds little. Not thread-safe: one per reader.
 */
final class BufferSizing {

	static final int INITIAL = 128;

	private static final int MAX_ADAPTIVE = 8192;

	private int capacity = INITIAL;

	/**
	 * Whether the last read used under a quarter of the buffer.
	 */
	private boolean lastReadSmall;

	int capacity() {
		return this.capacity;
	}

	/**
	 * Keeps a buffer grown for a long line, until reads stay small again.
	 * @param length the length of the grown buffer
	 */
	void keep(int length) {
		this.capacity = Math.max(this.capacity, length);
	}

	/**
	 * Follows one read.
	 * @param count the bytes it read
	 * @param free the room it had
	 * @param length the length of the buffer it read into
	 */
	void afterRead(int count, int free, int length) {
		if (count == free) {
			if (this.capacity < MAX_ADAPTIVE) {
				this.capacity = Math.min(MAX_ADAPTIVE, Math.max(this.capacity, length) * 2);
			}
			this.lastReadSmall = false;
		}
		else if (count < this.capacity / 4) {
			if (this.lastReadSmall && this.capacity > INITIAL) {
				this.capacity = Math.max(INITIAL, this.capacity / 2);
				this.lastReadSmall = false;
			}
			else {
				this.lastReadSmall = true;
			}
		}
		else {
			this.lastReadSmall = false;
		}
	}

}
