package io.github.socketserver.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.TestThreading;
import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameException;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.message.MessageHandler;
import io.github.socketserver.message.MessageStreamHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.TlsTestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The message engine over TLS scans a frame that comes in many records once, as it does
 * over plain bytes: a client that sends a long line a few bytes a record costs the server
 * the line's length in comparisons, not its square.
 */
class TlsFrameScanTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	static Path certificatesDirectory;

	@BeforeAll
	static void makeCertificates() {
		TlsLayerTests.certificatesDirectory = certificatesDirectory;
		TlsLayerTests.makeCertificates();
	}

	@Test
	void aLineInManyRecordsIsScannedOnce() throws IOException {
		CountingCodec codec = new CountingCodec(new LineCodec(64 * 1024));
		MessageHandler echo = (message) -> message.reply(message.bytes());
		ServerOptions options = ServerOptions.builder()
			.name("tls-scan")
			.threading(TestThreading.of("sync"))
			.codec(codec)
			.addLayer(new TlsLayer(TlsLayerTests.serverSettings(ClientAuth.NONE)))
			.build();
		int parts = 50;
		byte[] part = "0123456789".getBytes(StandardCharsets.US_ASCII);
		try (TcpServer server = new TcpServer(TlsLayerTests.LOOPBACK, new MessageStreamHandler(echo), options);
				Serving serving = Serving.start(server);
				TlsTestClient client = TlsTestClient.tcp(TlsLayerTests.trustingClient(null),
						((InetSocketAddress) server.serverAddress()).getPort(), null, "TLSv1.3")) {
			OutputStream out = client.socket().getOutputStream();
			for (int i = 1; i <= parts; i++) {
				out.write(part);
				out.flush();
				// Each part in a read of its own: the codec saw the line so far.
				int sent = i * part.length;
				await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> codec.lastOffered.get() == sent);
			}
			client.sendLine("");
			assertThat(client.readLine()).hasSize(parts * part.length);
		}
		int line = parts * part.length + 1;
		assertThat(codec.examined.get()).as("bytes examined for a line of %d bytes", line).isEqualTo(line);
	}

	/**
	 * A line codec that counts the bytes it is offered that it had not been offered
	 * before.
	 */
	private static final class CountingCodec implements FrameCodec {

		private final FrameCodec codec;

		final AtomicLong examined = new AtomicLong();

		final AtomicInteger lastOffered = new AtomicInteger();

		CountingCodec(FrameCodec codec) {
			this.codec = codec;
		}

		@Override
		public byte @Nullable [] decode(ByteBuffer buffer) throws FrameException {
			return decode(buffer, 0);
		}

		@Override
		public byte @Nullable [] decode(ByteBuffer buffer, int scanned) throws FrameException {
			this.examined.addAndGet(buffer.remaining() - scanned);
			this.lastOffered.set(buffer.remaining());
			return this.codec.decode(buffer, scanned);
		}

		@Override
		public ByteBuffer encode(ByteBuffer payload) {
			return this.codec.encode(payload);
		}

		@Override
		public int maxFrameLength() {
			return this.codec.maxFrameLength();
		}

	}

}
