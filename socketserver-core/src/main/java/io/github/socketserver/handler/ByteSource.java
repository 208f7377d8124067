package io.github.socketserver.handler;

import java.io.IOException;

/**
 * Where a {@link SocketReader} reads from: a blocking read into an array.
 */
@FunctionalInterface
interface ByteSource {

	/**
	 * Reads what is there, waiting for at least one byte.
	 * @param timeoutNanos how long to wait at most, or {@link #READ_TIMEOUT} for the
	 * connection's read timeout
	 * @param own whether {@code bytes} is the reader's own buffer, which the source may
	 * keep a view of; a caller's array must not be kept
	 * @return the bytes read, or -1 at the end of the stream
	 */
	int read(byte[] bytes, int offset, int length, long timeoutNanos, boolean own) throws IOException;

	/**
	 * Wait as the connection's read timeout says.
	 */
	long READ_TIMEOUT = -1;

}
