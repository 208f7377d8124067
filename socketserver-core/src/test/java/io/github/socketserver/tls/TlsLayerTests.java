package io.github.socketserver.tls;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.TestThreading;
import io.github.socketserver.UnixStreamServer;
import io.github.socketserver.access.AddressRange;
import io.github.socketserver.connection.LayerException;
import io.github.socketserver.fork.ChildCommand;
import io.github.socketserver.fork.StreamCommandHandler;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.message.MessageHandler;
import io.github.socketserver.message.MessageStreamHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.proxy.ProxyProtocolLayer;
import io.github.socketserver.proxy.ProxyProtocolMode;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.test.TestCertificates;
import io.github.socketserver.test.TlsTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real TLS handshakes with the JDK's client against a server with the TLS layer.
 */
class TlsLayerTests {

	static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	@TempDir
	static Path certificatesDirectory;

	static TestCertificates certificates;

	static Path serverStore;

	static Path aliceStore;

	static Path expiredStore;

	static Path rogueStore;

	private final List<Throwable> errors = new CopyOnWriteArrayList<>();

	private final SocketServerListener listener = new SocketServerListener() {
		@Override
		public void errorReported(Request request, Throwable exception) {
			TlsLayerTests.this.errors.add(exception);
		}
	};

	@BeforeAll
	static void makeCertificates() {
		certificates = TestCertificates.create(certificatesDirectory);
		serverStore = certificates.signed("server", "localhost", false);
		aliceStore = certificates.signed("alice", "alice", false);
		expiredStore = certificates.signed("expired", "bob", true);
		rogueStore = certificates.selfSigned("rogue", "alice");
	}

	/**
	 * Answers each line with the protocol, the client's subject, and the line.
	 */
	private static final StreamRequestHandler DESCRIBE = (request) -> {
		TlsSession session = TlsSession.of(request);
		for (String line = request.rfile().readLine(); line != null; line = request.rfile().readLine()) {
			request.wfile().write(session.protocol() + " " + session.peerPrincipal() + " " + line + "\n");
			request.wfile().flush();
		}
	};

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.3", "TLSv1.2" })
	void servesEachProtocolOverLoopback(String protocol) throws IOException {
		try (TcpServer server = server(ClientAuth.NONE, "thread");
				Serving serving = Serving.start(server);
				TlsTestClient client = TlsTestClient.tcp(trustingClient(null), port(server), null, protocol)) {
			client.sendLine("hello");
			assertThat(client.readLine()).isEqualTo(protocol + " null hello");
			assertThat(client.session().getCipherSuite()).isIn(TlsSettings.SECURE_CIPHER_SUITES);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "thread", "virtual", "pool" })
	void servesInEveryThreadingMode(String mode) throws IOException {
		try (TcpServer server = server(ClientAuth.NONE, mode); Serving serving = Serving.start(server)) {
			for (int i = 0; i < 2; i++) {
				try (TlsTestClient client = TlsTestClient.tcp(trustingClient(null), port(server), null)) {
					client.sendLine("ping " + i);
					assertThat(client.readLine()).isEqualTo("TLSv1.3 null ping " + i);
				}
			}
		}
	}

	@Test
	void givesAForkChildTheDecryptedStream() throws IOException {
		ServerOptions options = ServerOptions.builder()
			.threading(Threading.fork(2, Duration.ofSeconds(10)))
			.listener(this.listener)
			.addLayer(new TlsLayer(serverSettings(ClientAuth.NONE)))
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK,
				new StreamCommandHandler(ChildCommand.of("tr", "a-z", "A-Z"), options.listener()), options);
				Serving serving = Serving.start(server);
				TlsTestClient client = TlsTestClient.tcp(trustingClient(null), port(server), null)) {
			client.sendLine("hello child");
			client.shutdownOutput();
			assertThat(client.readLine()).isEqualTo("HELLO CHILD");
			assertThat(client.readLine()).isNull();
		}
		assertThat(this.errors).isEmpty();
	}

	@Test
	void handshakesAfterAProxyHeaderAndShowsTheClientBehindTheProxy() throws IOException {
		StreamRequestHandler clientAndProtocol = (request) -> request.wfile()
			.write(request.clientAddress() + " " + TlsSession.of(request).protocol() + "\n");
		ServerOptions options = ServerOptions.builder()
			.listener(this.listener)
			.addLayer(new ProxyProtocolLayer(ProxyProtocolMode.REQUIRED, List.of(AddressRange.parse("127.0.0.1")),
					Duration.ofSeconds(10)))
			.addLayer(new TlsLayer(serverSettings(ClientAuth.NONE)))
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, clientAndProtocol, options);
				Serving serving = Serving.start(server);
				Socket plain = new Socket("127.0.0.1", port(server))) {
			plain.setSoTimeout(10_000);
			plain.getOutputStream()
				.write("PROXY TCP4 10.1.2.3 10.0.0.1 5555 6379\r\n".getBytes(StandardCharsets.US_ASCII));
			try (SSLSocket tls = (SSLSocket) trustingClient(null).getSocketFactory()
				.createSocket(plain, "localhost", port(server), true)) {
				tls.startHandshake();
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
				assertThat(reader.readLine()).isEqualTo("/10.1.2.3:5555 TLSv1.3");
			}
		}
		assertThat(this.errors).isEmpty();
	}

	@Test
	void servesOverAUnixSocket(@TempDir Path directory) throws IOException {
		Path path = directory.resolve("tls.sock");
		try (UnixStreamServer server = new UnixStreamServer(path, DESCRIBE, options(ClientAuth.NONE, "thread"));
				Serving serving = Serving.start(server);
				TlsTestClient client = TlsTestClient.unix(trustingClient(null), path)) {
			client.sendLine("over unix");
			assertThat(client.readLine()).isEqualTo("TLSv1.3 null over unix");
		}
	}

	@Test
	void needAcceptsATrustedClientCertificateAndShowsItsSubject() throws IOException {
		try (TcpServer server = server(ClientAuth.NEED, "thread");
				Serving serving = Serving.start(server);
				TlsTestClient client = TlsTestClient.tcp(trustingClient(aliceStore), port(server), null)) {
			client.sendLine("hi");
			assertThat(client.readLine()).isEqualTo("TLSv1.3 CN=alice hi");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "none", "untrusted", "expired" })
	void needRefusesAClientWithoutATrustedValidCertificate(String certificate) throws IOException {
		Path store = switch (certificate) {
			case "untrusted" -> rogueStore;
			case "expired" -> expiredStore;
			default -> null;
		};
		try (TcpServer server = server(ClientAuth.NEED, "thread"); Serving serving = Serving.start(server)) {
			// With TLS 1.3 the client learns of the refusal on its first read.
			assertThatException().isThrownBy(() -> {
				try (TlsTestClient client = TlsTestClient.tcp(trustingClient(store), port(server), null)) {
					client.sendLine("hi");
					assertThat(client.readLine()).isNull();
				}
			}).isInstanceOfAny(SSLException.class, SocketException.class);
			await().until(() -> !this.errors.isEmpty());
			assertThat(this.errors.get(0)).isInstanceOf(LayerException.class)
				.hasMessageContaining("TLS handshake failed");
		}
	}

	@Test
	void asksTheEngineFactoryForTheServerNameTheClientSent() throws IOException {
		List<String> asked = new CopyOnWriteArrayList<>();
		TlsSettings settings = serverSettings(ClientAuth.NONE);
		TlsEngineFactory engines = (serverName) -> {
			asked.add(String.valueOf(serverName));
			return settings.createEngine(serverName);
		};
		StreamRequestHandler serverName = (request) -> request.wfile()
			.write(TlsSession.of(request).serverName() + "\n");
		ServerOptions options = ServerOptions.builder().listener(this.listener).addLayer(new TlsLayer(engines)).build();
		try (TcpServer server = new TcpServer(LOOPBACK, serverName, options); Serving serving = Serving.start(server)) {
			try (TlsTestClient client = TlsTestClient.tcp(trustingClient(null), port(server), "localhost")) {
				assertThat(client.readLine()).isEqualTo("localhost");
			}
			try (TlsTestClient client = TlsTestClient.tcp(trustingClient(null), port(server), null)) {
				assertThat(client.readLine()).isEqualTo("null");
			}
		}
		assertThat(asked).containsExactly("localhost", "null");
	}

	@Test
	void wantServesAClientWithoutACertificate() throws IOException {
		try (TcpServer server = server(ClientAuth.WANT, "thread");
				Serving serving = Serving.start(server);
				TlsTestClient client = TlsTestClient.tcp(trustingClient(null), port(server), null)) {
			client.sendLine("anonymous");
			assertThat(client.readLine()).isEqualTo("TLSv1.3 null anonymous");
		}
	}

	@Test
	void closesAPlaintextClientAtOnce() throws IOException {
		try (TcpServer server = server(ClientAuth.NONE, "thread");
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.tcp(port(server))) {
			client.send("PING\r\n");
			assertThat(client.readToEnd()).isEmpty();
			await().until(() -> !this.errors.isEmpty());
			assertThat(this.errors.get(0)).isInstanceOf(LayerException.class)
				.hasMessageContaining("Not a TLS client: it began with 'PING");
		}
	}

	@Test
	void cutsASilentClientAtTheHandshakeTimeout() throws IOException {
		ServerOptions options = ServerOptions.builder()
			.listener(this.listener)
			.addLayer(new TlsLayer(serverSettings(ClientAuth.NONE), Duration.ofMillis(300), TlsHandshakeListener.NONE))
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, DESCRIBE, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.tcp(port(server))) {
			assertThat(client.readToEnd()).isEmpty();
			await().until(() -> !this.errors.isEmpty());
			assertThat(this.errors.get(0)).isInstanceOf(LayerException.class).hasMessageContaining("not done in time");
		}
	}

	@Test
	void cutsAClientThatSendsHalfAHelloAtTheHandshakeTimeout() throws IOException {
		ServerOptions options = ServerOptions.builder()
			.listener(this.listener)
			.addLayer(new TlsLayer(serverSettings(ClientAuth.NONE), Duration.ofMillis(300), TlsHandshakeListener.NONE))
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, DESCRIBE, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.tcp(port(server))) {
			// A record header announcing 512 bytes, and 3 of them.
			client.send(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01 });
			assertThat(client.readToEnd()).isEmpty();
			await().until(() -> !this.errors.isEmpty());
			assertThat(this.errors.get(0)).isInstanceOf(LayerException.class).hasMessageContaining("not done in time");
		}
	}

	@Test
	void refusesAMalformedHelloAndServesTheNextClient() throws IOException {
		try (TcpServer server = server(ClientAuth.NONE, "thread"); Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.tcp(port(server))) {
				client.send(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00 });
				assertThat(client.readToEnd()).doesNotContain((byte) '+');
			}
			await().until(() -> !this.errors.isEmpty());
			assertThat(this.errors.get(0)).isInstanceOf(LayerException.class)
				.hasMessageContaining("TLS handshake failed");
			try (TlsTestClient client = TlsTestClient.tcp(trustingClient(null), port(server), null)) {
				client.sendLine("next");
				assertThat(client.readLine()).isEqualTo("TLSv1.3 null next");
			}
		}
	}

	@Test
	void endsTheInputAtTheClientsCloseNotifyAndStillAnswers() throws IOException {
		StreamRequestHandler countLines = (request) -> {
			int lines = 0;
			while (request.rfile().readLine() != null) {
				lines++;
			}
			request.wfile().write(lines + " lines\n");
		};
		try (TcpServer server = new TcpServer(LOOPBACK, countLines, options(ClientAuth.NONE, "thread"));
				Serving serving = Serving.start(server);
				TlsTestClient client = TlsTestClient.tcp(trustingClient(null), port(server), null)) {
			client.sendLine("one");
			client.sendLine("two");
			client.shutdownOutput();
			assertThat(client.readLine()).isEqualTo("2 lines");
			assertThat(client.readLine()).isNull();
		}
		assertThat(this.errors).isEmpty();
	}

	@Test
	void sendsCloseNotifyWhenTheRequestEnds() throws Exception {
		assumeTrue(onPath("openssl"), "openssl is not installed: apt-get install openssl");
		StreamRequestHandler bye = (request) -> request.wfile().write("bye\n");
		try (TcpServer server = new TcpServer(LOOPBACK, bye, options(ClientAuth.NONE, "thread"));
				Serving serving = Serving.start(server)) {
			// The JDK's client does not tell a close_notify from a plain end of stream;
			// openssl shows every message it receives.
			Process client = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port(server),
					"-CAfile", certificates.caCertificate().toString(), "-msg", "-ign_eof")
				.redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(output).contains("bye").containsPattern("<<< TLS 1.3, Alert .*close_notify");
		}
	}

	private static boolean onPath(String command) {
		return Stream.of(System.getenv("PATH").split(":")).anyMatch((dir) -> Files.isExecutable(Path.of(dir, command)));
	}

	@Test
	void refusesARenegotiationTheClientStarts() throws IOException {
		try (TcpServer server = server(ClientAuth.NONE, "thread");
				Serving serving = Serving.start(server);
				TlsTestClient client = TlsTestClient.tcp(trustingClient(null), port(server), null, "TLSv1.2")) {
			client.sendLine("before");
			assertThat(client.readLine()).isEqualTo("TLSv1.2 null before");
			try {
				client.socket().startHandshake();
				client.sendLine("after");
				assertThat(client.readLine()).as("no answer after a renegotiation").isNull();
			}
			catch (SSLException | SocketException ex) {
				// The connection ended while the client still handshook: refused as well.
			}
			await().until(() -> !this.errors.isEmpty());
			assertThat(this.errors.get(0)).hasMessageContaining("renegotiation");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual" })
	void servesAMessageHandlerThroughTheLayerOnAThreadOfTheConnection(String mode) throws IOException {
		MessageHandler echo = (message) -> message.reply("tls " + message.text());
		try (TcpServer server = new TcpServer(LOOPBACK, new MessageStreamHandler(echo), options(ClientAuth.NONE, mode));
				Serving serving = Serving.start(server);
				TlsTestClient client = TlsTestClient.tcp(trustingClient(null), port(server), null)) {
			client.sendLine("one");
			client.sendLine("two");
			assertThat(client.readLine()).isEqualTo("tls one");
			assertThat(client.readLine()).isEqualTo("tls two");
		}
		assertThat(this.errors).isEmpty();
	}

	private TcpServer server(ClientAuth clientAuth, String threading) throws IOException {
		return new TcpServer(LOOPBACK, DESCRIBE, options(clientAuth, threading));
	}

	private ServerOptions options(ClientAuth clientAuth, String threading) {
		return ServerOptions.builder()
			.threading(TestThreading.of(threading))
			.listener(this.listener)
			.addLayer(new TlsLayer(serverSettings(clientAuth)))
			.build();
	}

	static TlsSettings serverSettings(ClientAuth clientAuth) {
		return new TlsSettings(TestCertificates.context(serverStore, certificates.truststore()), List.of(), List.of(),
				clientAuth);
	}

	static SSLContext trustingClient(Path keyStore) {
		return TestCertificates.context(keyStore, certificates.truststore());
	}

	private static int port(TcpServer server) {
		return ((InetSocketAddress) server.serverAddress()).getPort();
	}

}
