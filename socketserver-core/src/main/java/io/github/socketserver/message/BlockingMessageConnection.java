package io.github.socketserver.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.handler.SocketWriter;
import io.github.socketserver.handler.StreamRequest;
import org.jspecify.annotations.Nullable;

/**
 * A message connection over a stream request read on its own thread, for
 * {@link MessageStreamHandler#handle}: each send is framed by the codec and written
 * through the request's {@code wfile}, then flushed, so that a push from another thread
 * leaves at once. {@code wfile} is thread-safe, and each send goes out whole.
 */
final class BlockingMessageConnection implements MessageConnection {

	private final StreamRequest request;

	private final FrameCodec codec;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private volatile boolean closed;

	BlockingMessageConnection(StreamRequest request, FrameCodec codec) {
		this.request = request;
		this.codec = codec;
	}

	@Override
	public SocketAddress clientAddress() {
		return this.request.clientAddress();
	}

	@Override
	public <T> @Nullable T attribute(Class<T> type) {
		return this.request.attribute(type);
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	@Override
	public RequestServer server() {
		return this.request.server();
	}

	@Override
	public void send(ByteBuffer payload) {
		ByteBuffer framed = this.codec.encode(payload);
		payload.position(payload.limit());
		SocketWriter wfile = this.request.wfile();
		try {
			if (framed.hasArray()) {
				wfile.write(framed.array(), framed.arrayOffset() + framed.position(), framed.remaining());
			}
			else {
				byte[] bytes = new byte[framed.remaining()];
				framed.get(bytes);
				wfile.write(bytes);
			}
			wfile.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Sending to " + clientAddress() + " failed", ex);
		}
	}

	@Override
	public void send(CharSequence text) {
		send(server().charset().encode(CharBuffer.wrap(text)));
	}

	/**
	 * Sends what waits and ends the reading: the next read of the handler's loop sees the
	 * end of the stream.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.request.wfile().close();
			if (this.request.connection().hasChannel()) {
				// Wakes a read in progress on the request's thread.
				this.request.socket().shutdownInput();
			}
		}
		catch (IOException ex) {
			// The client went away first: the connection ends all the same.
		}
	}

	@Override
	public boolean isOpen() {
		return !this.closed && !this.request.wfile().isClosed();
	}

	void ended() {
		this.closed = true;
	}

	@Override
	public String toString() {
		return "message connection from " + clientAddress();
	}

}
