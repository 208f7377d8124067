package io.github.socketserver.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.BaseServer;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.UnixStreamServer;
import io.github.socketserver.access.AddressRange;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real HAProxy in front of a server: {@code send-proxy} and {@code send-proxy-v2} to a
 * TCP server, {@code send-proxy-v2} to a Unix socket server. The test's client connects
 * to HAProxy from 127.0.0.3, HAProxy to the server from 127.0.0.1, and the handler must
 * see the client. Skipped where HAProxy is not installed ({@code apt-get install
 * haproxy}).
 */
@Timeout(60)
class HaproxyTests {

	private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

	private static final InetAddress CLIENT = address("127.0.0.3");

	@TempDir
	Path directory;

	private final List<ProxyHeader> headers = new CopyOnWriteArrayList<>();

	/**
	 * Replies with the client address, the balancer's, and the line read.
	 */
	private final StreamRequestHandler describing = (request) -> {
		ProxyHeader header = ProxyHeader.of(request);
		// Not the probe that waited for HAProxy to listen.
		if (header != null && header.source() instanceof InetSocketAddress source
				&& source.getAddress().equals(CLIENT)) {
			this.headers.add(header);
		}
		String line = request.rfile().readLine();
		request.wfile()
			.write(request.clientAddress() + " via " + request.peerAddress().toString().replaceAll(":\\d+$", "")
					+ " said " + line + "\n");
	};

	@BeforeAll
	static void haproxyIsInstalled() {
		assumeTrue(Files.isExecutable(HAPROXY),
				"Skipped: HAProxy is not installed at " + HAPROXY + " (apt-get install haproxy)");
	}

	@Test
	void sendProxyGivesTheClientToATcpServer() throws Exception {
		try (BaseServer<?> server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), this.describing, options());
				Serving serving = Serving.start(server)) {
			int port = ((InetSocketAddress) server.serverAddress()).getPort();
			try (Haproxy haproxy = Haproxy.start(this.directory, "127.0.0.1:" + port + " send-proxy")) {
				Socket client = haproxy.connect();
				assertThat(exchange(client, "hello v1"))
					.isEqualTo("/127.0.0.3:" + client.getLocalPort() + " via /127.0.0.1 said hello v1");
			}
		}
		assertThat(this.headers).singleElement().satisfies((header) -> assertThat(header.version()).isEqualTo(1));
	}

	@Test
	void sendProxyV2GivesTheClientAndItsFieldsToATcpServer() throws Exception {
		try (BaseServer<?> server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), this.describing, options());
				Serving serving = Serving.start(server)) {
			int port = ((InetSocketAddress) server.serverAddress()).getPort();
			try (Haproxy haproxy = Haproxy.start(this.directory,
					"127.0.0.1:" + port + " send-proxy-v2 proxy-v2-options unique-id,crc32c")) {
				Socket client = haproxy.connect();
				assertThat(exchange(client, "hello v2"))
					.isEqualTo("/127.0.0.3:" + client.getLocalPort() + " via /127.0.0.1 said hello v2");
			}
		}
		assertThat(this.headers).singleElement().satisfies((header) -> {
			assertThat(header.version()).isEqualTo(2);
			assertThat(header.local()).isFalse();
			assertThat(new String(header.uniqueId(), StandardCharsets.US_ASCII)).startsWith("test-");
			assertThat(header.tlv(ProxyTlv.CRC32C)).as("checked by the layer").isNotNull();
		});
	}

	@Test
	void sendProxyV2GivesTheClientToAUnixSocketServer() throws Exception {
		Path socket = this.directory.resolve("proxied.sock");
		try (BaseServer<?> server = new UnixStreamServer(socket, this.describing, options());
				Serving serving = Serving.start(server);
				Haproxy haproxy = Haproxy.start(this.directory, socket + " send-proxy-v2")) {
			Socket client = haproxy.connect();
			assertThat(exchange(client, "over unix")).startsWith("/127.0.0.3:" + client.getLocalPort() + " via ")
				.endsWith(" said over unix");
		}
	}

	private ServerOptions options() {
		return ServerOptions.builder()
			.name("behind-haproxy")
			.threading(Threading.thread())
			.addLayer(new ProxyProtocolLayer(ProxyProtocolMode.REQUIRED, List.of(AddressRange.parse("127.0.0.1")),
					Duration.ofSeconds(10)))
			.build();
	}

	private static String exchange(Socket client, String line) throws IOException {
		try (client) {
			client.setSoTimeout(10_000);
			OutputStream output = client.getOutputStream();
			output.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
			output.flush();
			return new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
		}
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * HAProxy in the foreground, with one TCP frontend on a free loopback port and one
	 * server.
	 */
	private static final class Haproxy implements AutoCloseable {

		private final Process process;

		private final int port;

		private Haproxy(Process process, int port) {
			this.process = process;
			this.port = port;
		}

		static Haproxy start(Path directory, String server) throws IOException {
			int port;
			// HAProxy cannot report a port it picked: take one free now.
			try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				port = probe.getLocalPort();
			}
			Path config = directory.resolve("haproxy.cfg");
			Files.writeString(config,
					String.join("\n", "global", "  maxconn 100", "defaults", "  mode tcp", "  timeout connect 5s",
							"  timeout client 30s", "  timeout server 30s", "frontend front",
							"  bind 127.0.0.1:" + port, "  unique-id-format test-%{+X}o%ci:%cp",
							"  default_backend back", "backend back", "  server app " + server, ""));
			Process process = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("haproxy.log").toFile())
				.start();
			Haproxy haproxy = new Haproxy(process, port);
			await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
				assertThat(process.isAlive()).as(() -> "HAProxy exited: " + log(directory)).isTrue();
				try (Socket probe = new Socket("127.0.0.1", port)) {
					return true;
				}
			});
			return haproxy;
		}

		private static String log(Path directory) {
			try {
				return Files.readString(directory.resolve("haproxy.log"));
			}
			catch (IOException ex) {
				return ex.toString();
			}
		}

		Socket connect() throws IOException {
			Socket socket = new Socket();
			socket.bind(new InetSocketAddress(CLIENT, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
			return socket;
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}

	}

}
