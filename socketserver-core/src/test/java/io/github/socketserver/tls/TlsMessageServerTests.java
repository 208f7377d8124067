package io.github.socketserver.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocket;

import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.TestThreading;
import io.github.socketserver.access.AddressRange;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.message.MessageHandler;
import io.github.socketserver.message.MessageStreamHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.proxy.ProxyProtocolLayer;
import io.github.socketserver.proxy.ProxyProtocolMode;
import io.github.socketserver.test.TlsTestClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A message server with the TLS layer, end to end: the handshake on a thread, then the
 * message engine decrypting and encrypting on its loops.
 */
class TlsMessageServerTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	/**
	 * Threads the JVM may start meanwhile (a JIT compiler thread, a GC worker): a thread
	 * per idle connection would be more.
	 */
	private static final int SLACK = 16;

	private static final MessageHandler ECHO = (message) -> message.reply(message.bytes());

	@TempDir
	static Path certificatesDirectory;

	private final List<Throwable> errors = new CopyOnWriteArrayList<>();

	private final SocketServerListener listener = new SocketServerListener() {
		@Override
		public void errorReported(Request request, Throwable exception) {
			TlsMessageServerTests.this.errors.add(exception);
		}
	};

	@BeforeAll
	static void makeCertificates() {
		TlsLayerTests.certificatesDirectory = certificatesDirectory;
		TlsLayerTests.makeCertificates();
	}

	@ParameterizedTest
	@CsvSource({ "sync, TLSv1.3", "virtual, TLSv1.3", "thread, TLSv1.2" })
	void echoesLinesToTheJdkClient(String threading, String protocol) throws IOException {
		String longLine = "x".repeat(40_000);
		try (TcpServer server = server(threading);
				Serving serving = Serving.start(server);
				TlsTestClient client = TlsTestClient.tcp(TlsLayerTests.trustingClient(null), port(server), null,
						protocol)) {
			for (String line : List.of("hello", longLine, "", "bye")) {
				client.sendLine(line);
				assertThat(client.readLine()).isEqualTo(line);
			}
			client.shutdownOutput();
			assertThat(client.readLine()).as("the server's close_notify").isNull();
		}
		assertThat(this.errors).isEmpty();
	}

	@Test
	void servesTheClientBehindAProxyHeader() throws IOException {
		MessageHandler clientAndLine = (message) -> message.reply(message.clientAddress() + " " + message.text());
		ServerOptions options = options("sync")
			.addLayer(new ProxyProtocolLayer(ProxyProtocolMode.REQUIRED, List.of(AddressRange.parse("127.0.0.1")),
					Duration.ofSeconds(10)))
			.addLayer(new TlsLayer(TlsLayerTests.serverSettings(ClientAuth.NONE)))
			.build();
		try (TcpServer server = new TcpServer(TlsLayerTests.LOOPBACK, new MessageStreamHandler(clientAndLine), options);
				Serving serving = Serving.start(server);
				Socket plain = new Socket("127.0.0.1", port(server))) {
			plain.setSoTimeout(10_000);
			plain.getOutputStream()
				.write("PROXY TCP4 10.1.2.3 10.0.0.1 5555 6379\r\n".getBytes(StandardCharsets.US_ASCII));
			try (SSLSocket tls = (SSLSocket) TlsLayerTests.trustingClient(null)
				.getSocketFactory()
				.createSocket(plain, "localhost", port(server), true)) {
				tls.startHandshake();
				tls.getOutputStream().write("one\ntwo\n".getBytes(StandardCharsets.US_ASCII));
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
				assertThat(reader.readLine()).isEqualTo("/10.1.2.3:5555 one");
				assertThat(reader.readLine()).isEqualTo("/10.1.2.3:5555 two");
			}
		}
		assertThat(this.errors).isEmpty();
	}

	/**
	 * A client that sends its line and {@code close_notify} right behind its
	 * {@code Finished}, all read by the handshake before the engine takes the connection
	 * over, gets its answer and the server's end, not a connection left open.
	 */
	@Test
	void endsAConnectionWhoseCloseNotifyCameWithTheHandshake() throws IOException {
		try (TcpServer server = server("sync");
				Serving serving = Serving.start(server);
				HeldFlight relay = new HeldFlight(server.serverAddress());
				Socket plain = new Socket()) {
			plain.connect(relay.address());
			plain.setSoTimeout(10_000);
			try (SSLSocket tls = (SSLSocket) TlsLayerTests.trustingClient(null)
				.getSocketFactory()
				.createSocket(plain, "localhost", port(server), false)) {
				tls.setEnabledProtocols(new String[] { "TLSv1.3" });
				tls.startHandshake();
				tls.getOutputStream().write("one\n".getBytes(StandardCharsets.US_ASCII));
				tls.shutdownOutput();
				plain.shutdownOutput();
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
				assertThat(reader.readLine()).isEqualTo("one");
				assertThat(reader.readLine()).as("the server's close_notify").isNull();
			}
		}
		assertThat(this.errors).isEmpty();
	}

	@Test
	void echoesLinesToOpensslSClient() throws Exception {
		assumeTrue(onPath("openssl"), "openssl is not installed: apt-get install openssl");
		try (TcpServer server = server("sync"); Serving serving = Serving.start(server)) {
			Process client = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port(server),
					"-CAfile", TlsLayerTests.certificates.caCertificate().toString())
				.redirectErrorStream(true)
				.start();
			List<String> lines = new CopyOnWriteArrayList<>();
			Thread reader = new Thread(() -> readLines(client, lines));
			reader.start();
			try (OutputStream input = client.getOutputStream()) {
				input.write("hello\nworld\n".getBytes(StandardCharsets.US_ASCII));
				input.flush();
				// openssl prints the session ticket it got on its own stream: the echo
				// may
				// land inside one of its lines, so the text is searched, not the lines.
				await().atMost(WAIT).until(() -> String.join("\n", lines).contains("world"));
			}
			assertThat(client.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			reader.join(WAIT.toMillis());
			String output = String.join("\n", lines);
			assertThat(output.indexOf("hello")).isNotNegative().isLessThan(output.indexOf("world"));
			assertThat(output).contains("TLSv1.3");
		}
		assertThat(this.errors).isEmpty();
	}

	@Test
	void idleTlsConnectionsHoldNoThread() throws IOException {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		int connections = 60;
		List<TlsTestClient> clients = new ArrayList<>();
		try (TcpServer server = server("thread"); Serving serving = Serving.start(server)) {
			int before = threads.getThreadCount();
			try {
				for (int i = 0; i < connections; i++) {
					TlsTestClient client = TlsTestClient.tcp(TlsLayerTests.trustingClient(null), port(server), null);
					clients.add(client);
					client.sendLine("ping " + i);
					assertThat(client.readLine()).isEqualTo("ping " + i);
				}
				assertThat(server.activeRequests()).isEqualTo(connections);
				int loops = Runtime.getRuntime().availableProcessors();
				await().atMost(WAIT).until(() -> threads.getThreadCount() < before + loops + SLACK);
				TlsTestClient last = clients.get(connections - 1);
				last.sendLine("still there");
				assertThat(last.readLine()).isEqualTo("still there");
			}
			finally {
				for (TlsTestClient client : clients) {
					client.close();
				}
			}
		}
		assertThat(this.errors).isEmpty();
	}

	private TcpServer server(String threading) throws IOException {
		ServerOptions options = options(threading).addLayer(new TlsLayer(TlsLayerTests.serverSettings(ClientAuth.NONE)))
			.build();
		return new TcpServer(TlsLayerTests.LOOPBACK, new MessageStreamHandler(ECHO), options);
	}

	private ServerOptions.Builder options(String threading) {
		return ServerOptions.builder()
			.name("tls-messages")
			.threading(TestThreading.of(threading))
			.codec(new LineCodec(64 * 1024))
			.listener(this.listener);
	}

	private static int port(TcpServer server) {
		return ((InetSocketAddress) server.serverAddress()).getPort();
	}

	private static void readLines(Process process, List<String> lines) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			reader.lines().forEach(lines::add);
		}
		catch (IOException ex) {
			lines.add("read failed: " + ex);
		}
	}

	private static boolean onPath(String command) {
		return Stream.of(System.getenv("PATH").split(":")).anyMatch((dir) -> Files.isExecutable(Path.of(dir, command)));
	}

}
