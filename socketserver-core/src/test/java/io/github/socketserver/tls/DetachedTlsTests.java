package io.github.socketserver.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import javax.net.ssl.SSLSocket;

import io.github.socketserver.connection.Connection;
import io.github.socketserver.connection.LayerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A TLS connection detached after a real handshake through the {@link TlsLayer}, its
 * socket switched to non-blocking and driven by hand with a selector, as the message
 * engine drives it, against the JDK's TLS client.
 */
class DetachedTlsTests {

	private static final int ALL = Integer.MAX_VALUE;

	private static final long WAIT_SECONDS = 20;

	@TempDir
	static Path certificatesDirectory;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@BeforeAll
	static void makeCertificates() {
		TlsLayerTests.certificatesDirectory = certificatesDirectory;
		TlsLayerTests.makeCertificates();
	}

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.3", "TLSv1.2" })
	void echoesMessagesOfEverySizeAndEndsAtCloseNotify(String protocol) throws Exception {
		try (ServerSocketChannel listener = listen()) {
			Future<DetachedServer> accepted = accept(listener,
					(channel) -> new ChannelTransport(channel, ALL, false, true));
			try (Client client = Client.connect(listener, protocol); DetachedServer server = get(accepted)) {
				Future<Boolean> echo = this.executor.submit(server::echo);
				for (int size : new int[] { 1, 100, 16 * 1024 + 1, 100_000 }) {
					byte[] message = bytes(size);
					this.executor.submit(() -> client.send(message));
					assertThat(client.receive(size)).as("%d bytes", size).isEqualTo(message);
				}
				client.tls().close();
				assertThat(get(echo)).as("ended by close_notify").isTrue();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 7 })
	void decryptsBytesThatComeAFewAtATime(int slice) throws Exception {
		try (ServerSocketChannel listener = listen()) {
			Future<DetachedServer> accepted = accept(listener,
					(channel) -> new ChannelTransport(channel, ALL, false, true));
			try (Client client = Client.connect(listener, "TLSv1.3"); DetachedServer server = get(accepted)) {
				Future<Boolean> echo = this.executor.submit(server.inSlicesOf(slice)::echo);
				for (int size : new int[] { 1, 16 * 1024 + 1, 0, 5 }) {
					if (size == 0) {
						client.tls().startHandshake();
						continue;
					}
					byte[] message = bytes(size);
					client.send(message);
					assertThat(client.receive(size)).as("%d bytes", size).isEqualTo(message);
				}
				assertThat(server.answers.get()).as("a key update in slices answered").isEqualTo(1);
				client.tls().shutdownOutput();
				assertThat(get(echo)).isTrue();
				assertThat(client.in().read()).as("the server's close_notify").isEqualTo(-1);
			}
		}
	}

	@Test
	void consumesOnlyWholeRecords() throws Exception {
		try (ServerSocketChannel listener = listen()) {
			Future<DetachedServer> accepted = accept(listener,
					(channel) -> new ChannelTransport(channel, ALL, false, true));
			try (Client client = Client.connect(listener, "TLSv1.3"); DetachedServer server = get(accepted)) {
				client.send("hello".getBytes(StandardCharsets.US_ASCII));
				ByteBuffer record = ByteBuffer.allocate(1024);
				await().until(() -> server.channel().read(record) >= 0 && record.position() >= 5
						&& record.position() == 5 + (record.getShort(3) & 0xFFFF));
				record.flip();
				StringBuilder clear = new StringBuilder();
				for (int limit : new int[] { 3, 5, 6, record.limit() - 1 }) {
					ByteBuffer part = record.duplicate().limit(limit);
					assertThat(server.tls().unwrap(part, (bytes) -> clear.append("?"), (bytes) -> clear.append("!")))
						.isTrue();
					assertThat(part.position()).as("consumed of %d bytes", limit).isZero();
				}
				assertThat(clear).isEmpty();
				assertThat(server.tls()
					.unwrap(record, (bytes) -> clear.append(StandardCharsets.US_ASCII.decode(bytes)),
							(bytes) -> clear.append("!")))
					.isTrue();
				assertThat(record.hasRemaining()).isFalse();
				assertThat(clear).hasToString("hello");
			}
		}
	}

	/**
	 * What the client sends right behind its {@code Finished} comes in the reads of the
	 * handshake: whole records decrypted in {@code unread()}, the start of one kept for
	 * the next {@code unwrap}, wherever the transports below had put them.
	 */
	@ParameterizedTest
	@CsvSource({ "2147483647, false, some", "7, true, all", "7, false, none" })
	void handsOutWhatCameBehindTheHandshake(int give, boolean readAhead, String inUnread) throws Exception {
		AtomicReference<ChannelTransport> below = new AtomicReference<>();
		try (ServerSocketChannel listener = listen()) {
			Future<DetachedServer> accepted = accept(listener, (channel) -> {
				below.set(new ChannelTransport(channel, give, readAhead, true).gated());
				return below.get();
			});
			try (Client client = Client.connect(listener, "TLSv1.3")) {
				byte[] message = bytes(20_000);
				client.send(message);
				below.get().open();
				try (DetachedServer server = get(accepted)) {
					byte[] unread = server.unreadAtDetach();
					assertThat(unread).isEqualTo(Arrays.copyOf(message, unread.length));
					switch (inUnread) {
						case "all" -> assertThat(unread).hasSize(message.length);
						case "some" -> assertThat(unread.length).isStrictlyBetween(0, message.length);
						default -> assertThat(unread).isEmpty();
					}
					Future<Boolean> echo = this.executor.submit(server::echo);
					assertThat(client.receive(message.length)).isEqualTo(message);
					client.tls().shutdownOutput();
					assertThat(get(echo)).isTrue();
				}
			}
		}
	}

	@Test
	void answersAKeyUpdateAndGoesOn() throws Exception {
		try (ServerSocketChannel listener = listen()) {
			Future<DetachedServer> accepted = accept(listener,
					(channel) -> new ChannelTransport(channel, ALL, false, true));
			try (Client client = Client.connect(listener, "TLSv1.3"); DetachedServer server = get(accepted)) {
				this.executor.submit(server::echo);
				client.send("before".getBytes(StandardCharsets.US_ASCII));
				assertThat(client.receive(6)).asString(StandardCharsets.US_ASCII).isEqualTo("before");
				// On TLS 1.3 the JDK's client sends a KeyUpdate that asks for one back.
				client.tls().startHandshake();
				client.send("after".getBytes(StandardCharsets.US_ASCII));
				assertThat(client.receive(5)).asString(StandardCharsets.US_ASCII).isEqualTo("after");
				assertThat(server.answers.get()).as("key updates sent in answer").isEqualTo(1);
				client.send("again".getBytes(StandardCharsets.US_ASCII));
				assertThat(client.receive(5)).asString(StandardCharsets.US_ASCII).isEqualTo("again");
			}
		}
	}

	@Test
	void refusesARenegotiationTheClientStarts() throws Exception {
		try (ServerSocketChannel listener = listen()) {
			Future<DetachedServer> accepted = accept(listener,
					(channel) -> new ChannelTransport(channel, ALL, false, true));
			try (Client client = Client.connect(listener, "TLSv1.2"); DetachedServer server = get(accepted)) {
				Future<Boolean> echo = this.executor.submit(server::echo);
				client.send("before".getBytes(StandardCharsets.US_ASCII));
				assertThat(client.receive(6)).asString(StandardCharsets.US_ASCII).isEqualTo("before");
				try {
					client.tls().startHandshake();
				}
				catch (IOException ex) {
					// The server's alert may end the client's handshake.
				}
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> get(echo))
					.havingCause()
					.isInstanceOf(LayerException.class)
					.withMessageContaining("renegotiation");
				assertThatExceptionOfType(LayerException.class)
					.isThrownBy(() -> server.tls().wrap(ByteBuffer.wrap(new byte[1])));
			}
		}
	}

	@Test
	void aCorruptRecordIsTheClientsFault() throws Exception {
		try (ServerSocketChannel listener = listen()) {
			Future<DetachedServer> accepted = accept(listener,
					(channel) -> new ChannelTransport(channel, ALL, false, true));
			try (Client client = Client.connect(listener, "TLSv1.3"); DetachedServer server = get(accepted)) {
				Future<Boolean> echo = this.executor.submit(server::echo);
				client.send("hello".getBytes(StandardCharsets.US_ASCII));
				assertThat(client.receive(5)).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
				byte[] record = new byte[45];
				record[0] = 0x17;
				record[1] = 0x03;
				record[2] = 0x03;
				record[4] = 40;
				client.plain().getOutputStream().write(record);
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> get(echo))
					.havingCause()
					.isInstanceOf(LayerException.class)
					.withMessageContaining("TLS record refused");
			}
		}
	}

	@Test
	void staysBlockingWhenTheTransportBelowCannotBeDetached() throws Exception {
		try (ServerSocketChannel listener = listen()) {
			Future<Connection> accepted = this.executor.submit(() -> {
				SocketChannel channel = listener.accept();
				return new TlsLayer(TlsLayerTests.serverSettings(ClientAuth.NONE)).open(Connection
					.inMemory(channel.getRemoteAddress(), new ChannelTransport(channel, ALL, false, false)));
			});
			try (Client client = Client.connect(listener, "TLSv1.3")) {
				Connection connection = get(accepted);
				assertThat(connection.transport().detach()).isNull();
				client.send("still".getBytes(StandardCharsets.US_ASCII));
				ByteBuffer read = ByteBuffer.allocate(5);
				while (read.hasRemaining()) {
					assertThat(connection.transport().read(read, 0)).isPositive();
				}
				assertThat(read.array()).asString(StandardCharsets.US_ASCII).isEqualTo("still");
			}
		}
	}

	@Test
	void theTlsTransportLetsGoOfItsBuffers() throws Exception {
		try (ServerSocketChannel listener = listen()) {
			Future<Connection> accepted = this.executor.submit(() -> {
				SocketChannel channel = listener.accept();
				return new TlsLayer(TlsLayerTests.serverSettings(ClientAuth.NONE)).open(Connection
					.inMemory(channel.getRemoteAddress(), new ChannelTransport(channel, ALL, false, true)));
			});
			try (Client client = Client.connect(listener, "TLSv1.3")) {
				TlsTransport transport = (TlsTransport) get(accepted).transport();
				assertThat(transport.bufferedCapacity()).isGreaterThan(3 * 16 * 1024);
				assertThat(transport.detach()).isNotNull();
				assertThat(transport.bufferedCapacity()).isZero();
				assertThatExceptionOfType(LayerException.class)
					.isThrownBy(() -> transport.read(ByteBuffer.allocate(1), 0));
			}
		}
	}

	private static ServerSocketChannel listen() throws IOException {
		return ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
	}

	private Future<DetachedServer> accept(ServerSocketChannel listener,
			Function<SocketChannel, ChannelTransport> below) {
		return this.executor.submit(() -> {
			SocketChannel channel = listener.accept();
			return DetachedServer.handshake(channel, below.apply(channel));
		});
	}

	private static <T> T get(Future<T> future) throws Exception {
		return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
	}

	private static byte[] bytes(int size) {
		byte[] bytes = new byte[size];
		new Random(size).nextBytes(bytes);
		return bytes;
	}

	/**
	 * The JDK's TLS client over a plain socket the test can also write to.
	 */
	private record Client(Socket plain, SSLSocket tls) implements AutoCloseable {

		static Client connect(ServerSocketChannel listener, String protocol) throws IOException {
			int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
			Socket plain = new Socket("127.0.0.1", port);
			plain.setSoTimeout(10_000);
			// Each write leaves at once, not held until the last is acknowledged.
			plain.setTcpNoDelay(true);
			SSLSocket tls = (SSLSocket) TlsLayerTests.trustingClient(null)
				.getSocketFactory()
				.createSocket(plain, "localhost", port, false);
			tls.setEnabledProtocols(new String[] { protocol });
			tls.startHandshake();
			return new Client(plain, tls);
		}

		Void send(byte[] bytes) throws IOException {
			this.tls.getOutputStream().write(bytes);
			this.tls.getOutputStream().flush();
			return null;
		}

		byte[] receive(int size) throws IOException {
			return in().readNBytes(size);
		}

		InputStream in() throws IOException {
			return this.tls.getInputStream();
		}

		@Override
		public void close() throws IOException {
			try {
				this.tls.close();
			}
			finally {
				this.plain.close();
			}
		}

	}

}
