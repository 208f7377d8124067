package io.github.socketserver.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.TestThreading;
import io.github.socketserver.connection.LayerException;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that misbehave after the handshake: each is cut as the client's fault, and the
 * server goes on and can stop.
 */
class TlsFaultTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final List<Throwable> errors = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();

	private final SocketServerListener listener = new SocketServerListener() {
		@Override
		public void errorReported(Request request, Throwable exception) {
			TlsFaultTests.this.errors.add(exception);
		}
	};

	@TempDir
	static Path certificatesDirectory;

	@BeforeAll
	static void makeCertificates() {
		TlsLayerTests.certificatesDirectory = certificatesDirectory;
		TlsLayerTests.makeCertificates();
	}

	@AfterEach
	void stopTrickling() {
		this.trickler.shutdownNow();
	}

	/**
	 * A handler that answers a failed read by writing must see the write fail too, not
	 * spin on an engine that can produce nothing.
	 */
	@Test
	@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void aWriteAfterARefusedRenegotiationFailsAndTheServerStops() throws IOException {
		StreamRequestHandler answerErrors = (request) -> {
			request.wfile().write(request.rfile().readLine() + "\n");
			request.wfile().flush();
			try {
				request.rfile().readLine();
			}
			catch (IOException ex) {
				request.wfile().write("error\n");
				request.wfile().flush();
			}
		};
		try (TcpServer server = new TcpServer(TlsLayerTests.LOOPBACK, answerErrors, options(ServerOptions.builder()));
				Serving serving = Serving.start(server);
				Socket plain = connect(server);
				SSLSocket tls = handshake(plain, "TLSv1.2")) {
			tls.getOutputStream().write("before\n".getBytes(StandardCharsets.US_ASCII));
			BufferedReader reader = new BufferedReader(new InputStreamReader(tls.getInputStream()));
			assertThat(reader.readLine()).isEqualTo("before");
			try {
				tls.startHandshake();
				reader.readLine();
			}
			catch (IOException ex) {
				// Refused: the client may learn it while it still handshakes.
			}
			await().atMost(WAIT).until(() -> !this.errors.isEmpty());
			assertThat(this.errors.get(0)).isInstanceOf(IOException.class);
		}
	}

	@Test
	void aCorruptRecordAfterTheHandshakeIsTheClientsFault() throws IOException {
		try (TcpServer server = new TcpServer(TlsLayerTests.LOOPBACK, TlsFaultTests::echo,
				options(ServerOptions.builder()));
				Serving serving = Serving.start(server);
				Socket plain = connect(server);
				SSLSocket tls = handshake(plain, "TLSv1.3")) {
			tls.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(new BufferedReader(new InputStreamReader(tls.getInputStream())).readLine()).isEqualTo("hello");
			byte[] record = new byte[45];
			record[0] = 0x17;
			record[1] = 0x03;
			record[2] = 0x03;
			record[4] = 40;
			plain.getOutputStream().write(record);
			await().atMost(WAIT).until(() -> !this.errors.isEmpty());
			assertThat(this.errors.get(0)).isInstanceOf(LayerException.class);
		}
	}

	@Test
	void theReadTimeoutBoundsARecordTrickledByteByByte() throws IOException {
		ServerOptions.Builder builder = ServerOptions.builder().readTimeout(Duration.ofSeconds(1));
		try (TcpServer server = new TcpServer(TlsLayerTests.LOOPBACK, TlsFaultTests::echo, options(builder));
				Serving serving = Serving.start(server);
				Socket plain = connect(server);
				SSLSocket tls = handshake(plain, "TLSv1.3")) {
			// A record of 16 KiB, one byte every 200 ms: each within the read timeout,
			// the
			// record never whole.
			byte[] record = new byte[16389];
			record[0] = 0x17;
			record[1] = 0x03;
			record[2] = 0x03;
			record[3] = 0x40;
			OutputStream out = plain.getOutputStream();
			int[] next = { 0 };
			this.trickler.scheduleAtFixedRate(() -> {
				try {
					out.write(record[next[0]++]);
					out.flush();
				}
				catch (IOException ex) {
					this.trickler.shutdown();
				}
			}, 0, 200, TimeUnit.MILLISECONDS);
			// Cut about 1 s in; whole, the record would take nearly an hour.
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.errors.isEmpty());
			assertThat(this.errors.get(0)).isInstanceOf(SocketTimeoutException.class);
		}
	}

	@Test
	void tellsTheListenerWhyAHandshakeFailed() throws IOException {
		List<TlsFailure> reasons = new CopyOnWriteArrayList<>();
		TlsHandshakeListener recording = new TlsHandshakeListener() {
			@Override
			public void handshakeFailed(LayerException failure, TlsFailure reason, long durationNanos) {
				reasons.add(reason);
			}
		};
		ServerOptions options = ServerOptions.builder()
			.threading(TestThreading.of("thread"))
			.listener(this.listener)
			.addLayer(new TlsLayer(TlsLayerTests.serverSettings(ClientAuth.NEED), Duration.ofSeconds(10), recording))
			.build();
		try (TcpServer server = new TcpServer(TlsLayerTests.LOOPBACK, TlsFaultTests::echo, options);
				Serving serving = Serving.start(server)) {
			try (Socket plain = connect(server)) {
				plain.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				await().atMost(WAIT).until(() -> reasons.size() == 1);
			}
			try (Socket plain = connect(server); SSLSocket tls = handshake(plain, "TLSv1.2")) {
				tls.getInputStream().read();
			}
			catch (IOException ex) {
				// Refused for want of a client certificate.
			}
			await().atMost(WAIT).until(() -> reasons.size() == 2);
		}
		assertThat(reasons).containsExactly(TlsFailure.NOT_TLS, TlsFailure.CERTIFICATE);
	}

	private static void echo(StreamRequest request) throws IOException {
		for (String line = request.rfile().readLine(); line != null; line = request.rfile().readLine()) {
			request.wfile().write(line + "\n");
			request.wfile().flush();
		}
	}

	private ServerOptions options(ServerOptions.Builder builder) {
		return builder.threading(TestThreading.of("thread"))
			.listener(this.listener)
			.addLayer(new TlsLayer(TlsLayerTests.serverSettings(ClientAuth.NONE)))
			.build();
	}

	private static Socket connect(TcpServer server) throws IOException {
		Socket plain = new Socket("127.0.0.1", ((InetSocketAddress) server.serverAddress()).getPort());
		plain.setSoTimeout(10_000);
		return plain;
	}

	private static SSLSocket handshake(Socket plain, String protocol) throws IOException {
		SSLSocket tls = (SSLSocket) TlsLayerTests.trustingClient(null)
			.getSocketFactory()
			.createSocket(plain, "localhost", plain.getPort(), false);
		tls.setEnabledProtocols(new String[] { protocol });
		tls.startHandshake();
		return tls;
	}

}
