package io.github.socketserver.handler;

import java.io.IOException;

/**
 * Where a {@link SocketReader} reads from: a blocking read into an array.
 */
@FunctionalInterface
interface ByteSource {

	int read(byte[] bytes, int offset, int length) throws IOException;

}
