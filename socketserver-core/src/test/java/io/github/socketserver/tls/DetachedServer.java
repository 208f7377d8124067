package io.github.socketserver.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.connection.Connection;
import io.github.socketserver.connection.DetachedTransport;

/**
 * The server's end of a TLS connection taken over as the message engine takes it: the
 * handshake through the real {@link TlsLayer} on a blocking channel, then the detach, a
 * non-blocking channel and a selector, and {@code unwrap} and {@code wrap} driven by
 * hand.
 */
final class DetachedServer implements AutoCloseable {

	private final SocketChannel channel;

	private final DetachedTransport tls;

	private final Selector readable;

	private final Selector writable;

	private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private final byte[] unreadAtDetach;

	/**
	 * How many times {@code unwrap} had bytes to send in answer.
	 */
	final AtomicInteger answers = new AtomicInteger();

	/**
	 * The most bytes one {@code unwrap} is given past what it had: the bytes of the
	 * socket come to it in slices of this size.
	 */
	private int slice = Integer.MAX_VALUE;

	private DetachedServer(SocketChannel channel, DetachedTransport tls) throws IOException {
		this.channel = channel;
		this.tls = tls;
		ByteBuffer unread = tls.unread();
		this.unreadAtDetach = new byte[unread.remaining()];
		unread.get(this.unreadAtDetach);
		this.received.writeBytes(this.unreadAtDetach);
		channel.configureBlocking(false);
		this.readable = Selector.open();
		this.writable = Selector.open();
		channel.register(this.readable, SelectionKey.OP_READ);
		channel.register(this.writable, SelectionKey.OP_WRITE);
	}

	/**
	 * Runs the handshake over {@code transport} and takes the connection over.
	 * @param channel the accepted channel, blocking
	 * @param transport the transport below TLS, over that channel
	 * @return the server's end
	 * @throws IOException if the handshake or the detach fails
	 */
	static DetachedServer handshake(SocketChannel channel, ChannelTransport transport) throws IOException {
		Connection connection = new TlsLayer(TlsLayerTests.serverSettings(ClientAuth.NONE))
			.open(Connection.inMemory(channel.getRemoteAddress(), transport));
		DetachedTransport detached = connection.transport().detach();
		if (detached == null) {
			throw new IllegalStateException("The TLS transport was not detached");
		}
		return new DetachedServer(channel, detached);
	}

	SocketChannel channel() {
		return this.channel;
	}

	DetachedTransport tls() {
		return this.tls;
	}

	byte[] unreadAtDetach() {
		return this.unreadAtDetach;
	}

	/**
	 * Gives the socket's bytes to {@code unwrap} a few at a time.
	 * @param slice the most bytes one call is given past what it had
	 * @return this server
	 */
	DetachedServer inSlicesOf(int slice) {
		this.slice = slice;
		return this;
	}

	/**
	 * Echoes what the client sends until it ends the TLS stream, then ends its own.
	 * @return true if the client sent {@code close_notify}, false if the socket ended
	 * without it
	 * @throws IOException if the client sends what TLS refuses
	 */
	boolean echo() throws IOException {
		while (true) {
			this.readable.select(100);
			this.readable.selectedKeys().clear();
			int read = this.channel.read(this.in);
			if (read < 0) {
				return false;
			}
			this.in.flip();
			boolean open = unwrapInSlices();
			this.in.compact();
			byte[] clear = this.received.toByteArray();
			this.received.reset();
			if (clear.length > 0) {
				send(this.tls.wrap(ByteBuffer.wrap(clear)));
			}
			if (!open) {
				send(this.tls.closing());
				this.channel.shutdownOutput();
				return true;
			}
		}
	}

	private boolean unwrapInSlices() throws IOException {
		int end = this.in.limit();
		int limit = this.in.position();
		boolean open;
		do {
			limit = (int) Math.min(end, (long) limit + this.slice);
			this.in.limit(limit);
			open = this.tls.unwrap(this.in, this::receive, (bytes) -> {
				this.answers.incrementAndGet();
				send(bytes);
			});
		}
		while (open && limit < end);
		this.in.limit(end);
		return open;
	}

	private void receive(ByteBuffer clear) {
		byte[] bytes = new byte[clear.remaining()];
		clear.get(bytes);
		this.received.writeBytes(bytes);
	}

	private void send(ByteBuffer bytes) {
		try {
			while (bytes.hasRemaining()) {
				if (this.channel.write(bytes) == 0) {
					this.writable.select(100);
					this.writable.selectedKeys().clear();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.readable.close();
		this.writable.close();
		this.channel.close();
	}

}
