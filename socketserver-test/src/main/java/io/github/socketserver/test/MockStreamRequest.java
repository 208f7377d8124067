package io.github.socketserver.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.connection.Connection;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.options.StreamOptions;
import org.jspecify.annotations.Nullable;

/**
 * A connection to a stream handler without a socket, for a unit test of the handler: the
 * client's bytes are given up front, and what the handler wrote is read back.
 *
 * <pre class="code">
 * MockStreamRequest request = MockStreamRequest.of("PING\r\n");
 * new PingHandler().handle(request);
 * assertThat(request.outputAsString()).isEqualTo("+PONG\r\n");
 * </pre>
 *
 * The handler reads the input through {@link #rfile()} as it would a connection's, and
 * then the end of the stream, as from a client that sent everything and shut its output
 * down. Timeouts never pass. {@link #socket()} throws: there is none.
 *
 * @since 0.1.0
 */
public final class MockStreamRequest extends StreamRequest {

	private final MemoryTransport transport;

	private final MockRequestServer server;

	private MockStreamRequest(Builder builder, MemoryTransport transport, MockRequestServer server) {
		super(Connection.inMemory(builder.clientAddress, transport), server, builder.maxLineLength);
		this.transport = transport;
		this.server = server;
	}

	/**
	 * A request whose client sends text in UTF-8.
	 * @param input what the client sends, line ends included
	 * @return the request
	 */
	public static MockStreamRequest of(String input) {
		return builder().input(input).build();
	}

	/**
	 * A request whose client sends bytes.
	 * @param input what the client sends
	 * @return the request
	 */
	public static MockStreamRequest of(byte[] input) {
		return builder().input(input).build();
	}

	/**
	 * A builder, to set the client's address or the server's name as well.
	 * @return a builder of a request with no input
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Everything the handler wrote, as the server would have sent it once the handler
	 * returned: what it flushed and what still waited in {@link #wfile()}, which this
	 * sends.
	 * @return the bytes written
	 */
	public byte[] output() {
		try {
			wfile().flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this.transport.written();
	}

	/**
	 * Everything the handler wrote, as {@link #output()} gives it.
	 * @return the bytes written, as UTF-8 text
	 */
	public String outputAsString() {
		return new String(output(), StandardCharsets.UTF_8);
	}

	/**
	 * Whether the handler asked its server to shut down, through
	 * {@code request.server().shutdown()}.
	 * @return true once it did
	 */
	public boolean shutdownRequested() {
		return this.server.shutdownRequested();
	}

	/**
	 * Builds a {@link MockStreamRequest}.
	 */
	public static final class Builder {

		private byte[] input = new byte[0];

		private SocketAddress clientAddress = MockRequestServer.DEFAULT_CLIENT_ADDRESS;

		private String serverName = MockRequestServer.DEFAULT_NAME;

		private @Nullable FrameCodec codec;

		private Charset charset = StandardCharsets.UTF_8;

		private SocketAddress serverAddress = MockRequestServer.DEFAULT_ADDRESS;

		private int maxLineLength = StreamOptions.DEFAULTS.maxLineLength();

		private Builder() {
		}

		/**
		 * Sets what the client sends, as text in UTF-8.
		 * @param input the text, line ends included
		 * @return this builder
		 */
		public Builder input(String input) {
			return input(input.getBytes(StandardCharsets.UTF_8));
		}

		/**
		 * Sets what the client sends.
		 * @param input the bytes
		 * @return this builder
		 */
		public Builder input(byte[] input) {
			this.input = input.clone();
			return this;
		}

		/**
		 * Sets the client's address; 127.0.0.1:54321 by default.
		 * @param clientAddress an inet or Unix domain address
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
		 * Sets the longest line {@code rfile().readLine()} accepts, as the server's
		 * {@code stream.max-line-length} does; 8192 bytes by default.
		 * @param maxLineLength the length in bytes
		 * @return this builder
		 */
		public Builder maxLineLength(int maxLineLength) {
			this.maxLineLength = maxLineLength;
			return this;
		}

		/**
		 * Sets the codec of the server the handler is told of, as the server's framing
		 * does, for {@code rfile().readFrame()} and a {@code MessageStreamHandler}; none
		 * by default.
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
		public MockStreamRequest build() {
			return new MockStreamRequest(this, new MemoryTransport(this.input),
					new MockRequestServer(this.serverName, this.serverAddress, this.codec, this.charset));
		}

	}

}
