package io.github.socketserver.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

	private static final InetAddress CLIENT = Haproxy.CLIENT;

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
		assumeTrue(Files.isExecutable(Haproxy.EXECUTABLE),
				"Skipped: HAProxy is not installed at " + Haproxy.EXECUTABLE + " (apt-get install haproxy)");
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

	@Test
	void aHaproxyThatExitsAtStartFailsTheWaitAtOnceWithItsOutput() {
		assertThatThrownBy(() -> Haproxy.start(this.directory, "127.0.0.1:1 no-such-keyword"))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("HAProxy exited")
			.hasMessageContaining("no-such-keyword");
	}

	@Test
	void aHaproxyThatIsNotReadyInTimeIsStopped() {
		List<ProcessHandle> started = new CopyOnWriteArrayList<>();
		assertThatThrownBy(() -> Haproxy.start(this.directory, "127.0.0.1:1", Duration.ofSeconds(1), (haproxy) -> {
			started.add(haproxy.process().toHandle());
			return false;
		})).isInstanceOf(ConditionTimeoutException.class);
		assertThat(started).as("HAProxy ran").isNotEmpty();
		assertThat(started.get(0).isAlive()).as("HAProxy is stopped when its wait fails").isFalse();
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

}
