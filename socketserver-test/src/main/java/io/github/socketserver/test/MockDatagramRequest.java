package io.github.socketserver.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.handler.DatagramRequest;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A datagram for a datagram handler without a socket, for a unit test of the handler: the
 * datagram is given, and the replies are read back.
 *
 * <pre class="code">
 * MockDatagramRequest request = MockDatagramRequest.of("hello");
 * new DatagramEchoHandler().handle(request);
 * assertThat(request.outputAsString()).isEqualTo("hello");
 * </pre>
 *
 * {@link #socket()} throws: there is none. A reply to an inet client larger than UDP
 * carries ({@link DatagramRequest#MAX_UDP_IPV4_PAYLOAD} bytes, or
 * {@link DatagramRequest#MAX_UDP_IPV6_PAYLOAD} to an IPv6 client) fails as the real send
 * does; to a Unix client the limit is the sending socket's buffer, which a mock has not.
 *
 * @since 0.1.0
 */
public final class MockDatagramRequest extends DatagramRequest {

	private final MockRequestServer server;

	private final List<byte[]> replies = new ArrayList<>();

	private MockDatagramRequest(byte[] packet, @Nullable SocketAddress clientAddress, MockRequestServer server) {
		super(packet, clientAddress, server);
		this.server = server;
	}

	/**
	 * A datagram of text in UTF-8.
	 * @param packet the datagram's text
	 * @return the request
	 */
	public static MockDatagramRequest of(String packet) {
		return builder().packet(packet).build();
	}

	/**
	 * A datagram of bytes.
	 * @param packet the datagram's bytes
	 * @return the request
	 */
	public static MockDatagramRequest of(byte[] packet) {
		return builder().packet(packet).build();
	}

	/**
	 * A builder, to set the client's address or the server's name as well.
	 * @return a builder of an empty datagram
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	protected void transmit(ByteBuffer datagram, SocketAddress client) throws IOException {
		int limit = (client instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet6Address)
				? DatagramRequest.MAX_UDP_IPV6_PAYLOAD : DatagramRequest.MAX_UDP_IPV4_PAYLOAD;
		if (client instanceof InetSocketAddress && datagram.remaining() > limit) {
			throw new IOException("Message too long: a UDP datagram to " + client + " carries at most " + limit
					+ " bytes, the reply has " + datagram.remaining());
		}
		byte[] bytes = new byte[datagram.remaining()];
		datagram.get(bytes);
		synchronized (this.replies) {
			this.replies.add(bytes);
		}
	}

	/**
	 * Every datagram the client got, in order: those sent with {@link #reply(byte[])},
	 * then what the handler wrote to {@link #wfile()}, sent as the server sends it once
	 * the handler returned.
	 * @return the replies, none if the handler sent nothing or the client has no address
	 */
	public List<byte[]> replies() {
		try {
			flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		synchronized (this.replies) {
			return List.copyOf(this.replies);
		}
	}

	/**
	 * The reply the client got, for a handler that sends one datagram.
	 * @return the reply, empty if none was sent
	 * @throws IllegalStateException if several were sent: see {@link #replies()}
	 */
	public byte[] output() {
		List<byte[]> all = replies();
		if (all.size() > 1) {
			throw new IllegalStateException("The handler sent " + all.size() + " datagrams: read them with replies()");
		}
		return all.isEmpty() ? new byte[0] : all.get(0);
	}

	/**
	 * The reply the client got, as {@link #output()} gives it.
	 * @return the reply, as UTF-8 text
	 */
	public String outputAsString() {
		return new String(output(), StandardCharsets.UTF_8);
	}

	/**
	 * Whether the handler asked its server to shut down.
	 * @return true once it did
	 */
	public boolean shutdownRequested() {
		return this.server.shutdownRequested();
	}

	/**
	 * Builds a {@link MockDatagramRequest}.
	 */
	public static final class Builder {

		private byte[] packet = new byte[0];

		private @Nullable SocketAddress clientAddress = MockRequestServer.DEFAULT_CLIENT_ADDRESS;

		private String serverName = MockRequestServer.DEFAULT_NAME;

		private @Nullable FrameCodec codec;

		private Charset charset = StandardCharsets.UTF_8;

		private SocketAddress serverAddress = MockRequestServer.DEFAULT_ADDRESS;

		private Builder() {
		}

		/**
		 * Sets the datagram, as text in UTF-8.
		 * @param packet the text
		 * @return this builder
		 */
		public Builder packet(String packet) {
			return packet(packet.getBytes(StandardCharsets.UTF_8));
		}

		/**
		 * Sets the datagram.
		 * @param packet the bytes
		 * @return this builder
		 */
		public Builder packet(byte[] packet) {
			this.packet = packet.clone();
			return this;
		}

		/**
		 * Sets the sender's address; 127.0.0.1:54321 by default. {@code null} is a Unix
		 * datagram client that bound no address, which gets no reply. A Unix address is
		 * given to the handler as the server gives it, an {@link AFUNIXSocketAddress}
		 * (the server receives through junixsocket): a {@link UnixDomainSocketAddress} is
		 * converted, an unnamed one to {@code null}.
		 * @param clientAddress the address, or {@code null} for none
		 * @return this builder
		 */
		public Builder clientAddress(@Nullable SocketAddress clientAddress) {
			this.clientAddress = (clientAddress instanceof UnixDomainSocketAddress unix) ? asServerGivesIt(unix)
					: clientAddress;
			return this;
		}

		private static @Nullable SocketAddress asServerGivesIt(UnixDomainSocketAddress address) {
			if (address.getPath().toString().isEmpty()) {
				return null;
			}
			try {
				return AFUNIXSocketAddress.of(address.getPath());
			}
			catch (SocketException ex) {
				throw new IllegalArgumentException("Not a Unix socket address: " + address, ex);
			}
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
		 * Sets the address of the server the handler is told of; 127.0.0.1:9000 by
		 * default.
		 * @param serverAddress the address
		 * @return this builder
		 */
		public Builder serverAddress(SocketAddress serverAddress) {
			this.serverAddress = Objects.requireNonNull(serverAddress, "serverAddress");
			return this;
		}

		/**
		 * Sets the codec of the server the handler is told of, as the server's framing
		 * does, for {@code frames()} and a {@code MessageDatagramHandler}; none by
		 * default.
		 * @param codec the codec
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder codec(FrameCodec codec) {
			this.codec = Objects.requireNonNull(codec, "codec");
			return this;
		}

		/**
		 * Sets the charset of the server's text frames; UTF-8 by default.
		 * @param charset the charset
		 * @return this builder
		 * @since 0.2.0
		 */
		public Builder charset(Charset charset) {
			this.charset = Objects.requireNonNull(charset, "charset");
			return this;
		}

		/**
		 * Makes the request.
		 * @return a request with the settings given
		 */
		public MockDatagramRequest build() {
			return new MockDatagramRequest(this.packet, this.clientAddress,
					new MockRequestServer(this.serverName, this.serverAddress, this.codec, this.charset));
		}

	}

}
