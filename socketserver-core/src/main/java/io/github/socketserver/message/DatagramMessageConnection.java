package io.github.socketserver.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.RequestServer;
import org.jspecify.annotations.Nullable;

/**
 * The "connection" of one datagram, for {@link MessageDatagramHandler}: a send is one
 * datagram to the client, framed by the codec, through the request's reply path. There is
 * nothing to close; its attributes live as long as the datagram's frames are handled.
 */
final class DatagramMessageConnection implements MessageConnection {

	private final DatagramRequest request;

	private final FrameCodec codec;

	private @Nullable Map<String, Object> attributes;

	DatagramMessageConnection(DatagramRequest request, FrameCodec codec) {
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
	public synchronized Map<String, Object> attributes() {
		Map<String, Object> map = this.attributes;
		if (map == null) {
			map = new ConcurrentHashMap<>();
			this.attributes = map;
		}
		return map;
	}

	@Override
	public RequestServer server() {
		return this.request.server();
	}

	/**
	 * Sends one datagram now.
	 * @throws UncheckedIOException if it cannot be sent, or the client has no address (a
	 * Unix datagram client that did not bind one)
	 */
	@Override
	public void send(ByteBuffer payload) {
		ByteBuffer framed = this.codec.encode(payload);
		payload.position(payload.limit());
		byte[] datagram = new byte[framed.remaining()];
		framed.get(datagram);
		try {
			this.request.reply(datagram);
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
	 * Does nothing: a datagram server keeps no connection.
	 */
	@Override
	public void close() {
	}

	/**
	 * {@return whether a datagram can be sent to the client: false for a Unix datagram
	 * client that did not bind an address}
	 */
	@Override
	public boolean isOpen() {
		return this.request.canReply();
	}

	@Override
	public String toString() {
		return "datagram from " + clientAddress();
	}

}
