package io.github.socketserver.test;

import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameException;
import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.message.Message;
import io.github.socketserver.message.MessageConnection;
import io.github.socketserver.message.MessageHandler;
import org.jspecify.annotations.Nullable;

/**
 * A connection of a message server without a socket, for a unit test of a
 * {@link MessageHandler}: frames are given to the handler as the server's codec would cut
 * them, and what it sends is kept, in order.
 *
 * <pre class="code">
 * MockMessageConnection connection = MockMessageConnection.create();
 * connection.receive(new PingHandler(), "PING");
 * assertThat(connection.sentAsStrings()).containsExactly("+PONG\r\n");
 * </pre>
 *
 * With a {@link Builder#codec codec}, {@link #receiveBytes} cuts the client's bytes into
 * frames with it and {@link #output()} gives what the client would read: the codec and
 * the handler tested together. Thread-safe, as the real connection: a handler may send
 * from any thread.
 *
 * @since 0.2.0
 */
public final class MockMessageConnection implements MessageConnection {

	private final SocketAddress clientAddress;

	private final RequestServer server;

	private final Charset charset;

	private final @Nullable FrameCodec codec;

	private final Map<Class<?>, Object> layerAttributes;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final List<byte[]> sent = new ArrayList<>();

	private volatile boolean open = true;

	private MockMessageConnection(Builder builder) {
		this.clientAddress = builder.clientAddress;
		this.server = new MockRequestServer(builder.serverName, builder.serverAddress, builder.codec, builder.charset);
		this.charset = builder.charset;
		this.codec = builder.codec;
		this.layerAttributes = Map.copyOf(builder.layerAttributes);
	}

	/**
	 * An open connection from 127.0.0.1:54321, with text in UTF-8 and no codec.
	 * @return the connection
	 */
	public static MockMessageConnection create() {
		return builder().build();
	}

	/**
	 * A builder, to set the client's address, the server, the charset or a codec.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A frame of text, in the connection's charset, as the handler would get it.
	 * @param text the frame's content
	 * @return the message
	 */
	public Message message(String text) {
		return message(text.getBytes(this.charset));
	}

	/**
	 * A frame of bytes, as the handler would get it.
	 * @param bytes the frame's content
	 * @return the message
	 */
	public Message message(byte[] bytes) {
		return new Message(bytes.clone(), this, this.charset);
	}

	/**
	 * Hands each frame of text to the handler, in order, as the server does: frames that
	 * come after the handler closed the connection are dropped.
	 * @param handler the handler under test
	 * @param frames the frames' contents
	 * @return this connection
	 * @throws Exception what the handler throws; the server would close the connection
	 */
	public MockMessageConnection receive(MessageHandler handler, String... frames) throws Exception {
		for (String frame : frames) {
			if (this.open) {
				handler.handleMessage(message(frame));
			}
		}
		return this;
	}

	/**
	 * Cuts the client's bytes into frames with the codec, and hands each whole one to the
	 * handler, in order; bytes of an incomplete last frame are left out.
	 * @param handler the handler under test
	 * @param clientBytes what the client sent
	 * @return this connection
	 * @throws FrameException if the codec refuses the bytes, as the server would, closing
	 * the connection
	 * @throws Exception what the handler throws
	 * @throws IllegalStateException if the connection was built without a codec
	 */
	public MockMessageConnection receiveBytes(MessageHandler handler, byte[] clientBytes) throws Exception {
		FrameCodec codec = requireCodec();
		ByteBuffer buffer = ByteBuffer.wrap(clientBytes);
		for (byte[] frame = codec.decode(buffer); frame != null && this.open; frame = codec.decode(buffer)) {
			handler.handleMessage(new Message(frame, this, this.charset));
		}
		return this;
	}

	/**
	 * {@return the frames the handler sent, in order, as given to send (before the codec
	 * frames them)}
	 */
	public List<byte[]> sent() {
		synchronized (this.sent) {
			return List.copyOf(this.sent);
		}
	}

	/**
	 * {@return the frames the handler sent, as text in the connection's charset}
	 */
	public List<String> sentAsStrings() {
		return sent().stream().map((frame) -> new String(frame, this.charset)).toList();
	}

	/**
	 * What the client would read: every frame sent, framed by the codec, or as sent
	 * without one.
	 * @return the bytes
	 */
	public byte[] output() {
		List<ByteBuffer> framed = new ArrayList<>();
		int length = 0;
		for (byte[] frame : sent()) {
			ByteBuffer bytes = (this.codec != null) ? this.codec.encode(ByteBuffer.wrap(frame))
					: ByteBuffer.wrap(frame);
			framed.add(bytes);
			length += bytes.remaining();
		}
		ByteBuffer all = ByteBuffer.allocate(length);
		framed.forEach(all::put);
		return all.array();
	}

	/**
	 * What the client would read, as {@link #output()} gives it, as text.
	 * @return the text, in the connection's charset
	 */
	public String outputAsString() {
		return new String(output(), this.charset);
	}

	@Override
	public SocketAddress clientAddress() {
		return this.clientAddress;
	}

	@Override
	public <T> @Nullable T attribute(Class<T> type) {
		return type.cast(this.layerAttributes.get(type));
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	@Override
	public RequestServer server() {
		return this.server;
	}

	@Override
	public void send(ByteBuffer payload) {
		if (!this.open) {
			throw new UncheckedIOException(new ClosedChannelException());
		}
		byte[] bytes = new byte[payload.remaining()];
		payload.get(bytes);
		synchronized (this.sent) {
			this.sent.add(bytes);
		}
	}

	@Override
	public void send(CharSequence text) {
		send(this.charset.encode(text.toString()));
	}

	@Override
	public void close() {
		this.open = false;
	}

	@Override
	public boolean isOpen() {
		return this.open;
	}

	/**
	 * Whether the handler asked its server to shut down.
	 * @return true once it did
	 */
	public boolean shutdownRequested() {
		return ((MockRequestServer) this.server).shutdownRequested();
	}

	private FrameCodec requireCodec() {
		if (this.codec == null) {
			throw new IllegalStateException("Cutting bytes into frames needs a codec: build the connection with "
					+ "MockMessageConnection.builder().codec(...)");
		}
		return this.codec;
	}

	/**
	 * Builds a {@link MockMessageConnection}.
	 */
	public static final class Builder {

		private SocketAddress clientAddress = MockRequestServer.DEFAULT_CLIENT_ADDRESS;

		private String serverName = MockRequestServer.DEFAULT_NAME;

		private SocketAddress serverAddress = MockRequestServer.DEFAULT_ADDRESS;

		private Charset charset = StandardCharsets.UTF_8;

		private @Nullable FrameCodec codec;

		private final Map<Class<?>, Object> layerAttributes = new HashMap<>();

		private Builder() {
		}

		/**
		 * Sets the client's address; 127.0.0.1:54321 by default.
		 * @param clientAddress the address
		 * @return this builder
		 */
		public Builder clientAddress(SocketAddress clientAddress) {
			this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
			return this;
		}

		/**
		 * Sets the name of the server the handler is told of; "test" by default.
		 * @param serverName the name, as configured
		 * @return this builder
		 */
		public Builder serverName(String serverName) {
			this.serverName = Objects.requireNonNull(serverName, "serverName");
			return this;
		}

		/**
		 * Sets the address of the server; 127.0.0.1:9000 by default.
		 * @param serverAddress the address
		 * @return this builder
		 */
		public Builder serverAddress(SocketAddress serverAddress) {
			this.serverAddress = Objects.requireNonNull(serverAddress, "serverAddress");
			return this;
		}

		/**
		 * Sets the charset of text frames, as {@code framing.charset}; UTF-8 by default.
		 * @param charset the charset
		 * @return this builder
		 */
		public Builder charset(Charset charset) {
			this.charset = Objects.requireNonNull(charset, "charset");
			return this;
		}

		/**
		 * Sets the server's codec, which cuts the bytes given to
		 * {@link MockMessageConnection#receiveBytes} and frames {@link #output()}.
		 * @param codec the codec
		 * @return this builder
		 */
		public Builder codec(FrameCodec codec) {
			this.codec = Objects.requireNonNull(codec, "codec");
			return this;
		}

		/**
		 * Sets what a connection layer learnt (a TLS session, a PROXY header), as
		 * {@link MessageConnection#attribute(Class)} gives it.
		 * @param <T> its type
		 * @param type the type it is found under
		 * @param value the attribute
		 * @return this builder
		 */
		public <T> Builder attribute(Class<T> type, T value) {
			this.layerAttributes.put(type, Objects.requireNonNull(value, "value"));
			return this;
		}

		/**
		 * Makes the connection, open.
		 * @return a connection with the settings given
		 */
		public MockMessageConnection build() {
			return new MockMessageConnection(this);
		}

	}

}
