package io.github.socketserver.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;

import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.access.AddressRange;
import io.github.socketserver.connection.HeaderException;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Headers made by hand, as HAProxy's specification writes them, sent to a real server:
 * both versions and every address family, TLVs, and the headers that must be refused.
 */
@Timeout(60)
class ProxyProtocolLayerTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	/**
	 * Believes a header from any peer, as a server reached by the balancer alone may.
	 */
	private static final List<String> ANYONE = List.of("0.0.0.0/0", "::/0");

	private final RecordingListener listener = new RecordingListener();

	private final List<Throwable> errors = new CopyOnWriteArrayList<>();

	private final List<ProxyHeader> headers = new CopyOnWriteArrayList<>();

	/**
	 * Replies with the client address the handler sees, and the first line it reads.
	 */
	private final StreamRequestHandler describing = (request) -> {
		ProxyHeader header = ProxyHeader.of(request);
		if (header != null) {
			this.headers.add(header);
		}
		String line = request.rfile().readLine();
		request.wfile().write(request.clientAddress() + " via " + request.peerAddress() + " said " + line + "\n");
	};

	@Test
	void aVersionOneHeaderGivesTheClientAddressAndTheBytesAfterItReachTheHandler() throws IOException {
		try (TcpServer server = server(ProxyProtocolMode.REQUIRED, ANYONE);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(ProxyHeaders.concat(ProxyHeaders.v1("PROXY TCP4 192.0.2.1 198.51.100.2 56324 443"),
					"hello\n".getBytes(StandardCharsets.US_ASCII)));
			assertThat(client.readLine()).startsWith("/192.0.2.1:56324 via /127.0.0.1:").endsWith(" said hello");
		}
		assertThat(this.headers).singleElement().satisfies((header) -> {
			assertThat(header.version()).isEqualTo(1);
			assertThat(header.destination()).isEqualTo(new InetSocketAddress("198.51.100.2", 443));
			assertThat(header.tlvs()).isEmpty();
		});
	}

	@Test
	void aVersionOneHeaderCarriesIpv6() throws IOException {
		assertThat(exchange(ProxyHeaders.v1("PROXY TCP6 2001:db8::1 2001:db8::2 40000 6379"), "ping"))
			.startsWith("/[2001:db8:0:0:0:0:0:1]:40000 via");
	}

	@Test
	void aVersionTwoHeaderGivesTheClientAndItsFieldsOnTheRequest() throws IOException {
		byte[] header = ProxyHeaders.v2("203.0.113.7", 51000, "10.0.0.1", 9000)
			.tlv(ProxyTlv.AUTHORITY, "redis.example.com")
			.tlv(ProxyTlv.ALPN, "h2")
			.tlv(ProxyTlv.UNIQUE_ID, "conn-42")
			.tlv(ProxyTlv.SSL, ProxyHeaders.ssl(0x07, 0, "TLSv1.3", "TLS_AES_128_GCM_SHA256", "client.example.com"))
			.tlv(ProxyTlv.NOOP, new byte[3])
			.tlv(0xEA, new byte[] { 1, 2, 3 })
			.withCrc()
			.bytes();
		assertThat(exchange(header, "hello")).startsWith("/203.0.113.7:51000 via /127.0.0.1:").endsWith(" said hello");
		assertThat(this.headers).singleElement().satisfies((proxy) -> {
			assertThat(proxy.version()).isEqualTo(2);
			assertThat(proxy.local()).isFalse();
			assertThat(proxy.destination()).isEqualTo(new InetSocketAddress("10.0.0.1", 9000));
			assertThat(proxy.authority()).isEqualTo("redis.example.com");
			assertThat(proxy.alpn()).isEqualTo("h2");
			assertThat(proxy.uniqueId()).asString(StandardCharsets.US_ASCII).isEqualTo("conn-42");
			assertThat(proxy.ssl()).isEqualTo(
					new ProxySsl(0x07, 0, "TLSv1.3", "TLS_AES_128_GCM_SHA256", "client.example.com", null, null));
			assertThat(proxy.ssl().verifiedCertificate()).isTrue();
			assertThat(proxy.tlv(0xEA).value()).containsExactly(1, 2, 3);
			assertThat(proxy.tlv(ProxyTlv.NOOP)).as("padding is dropped").isNull();
		});
	}

	@Test
	void aVersionTwoHeaderCarriesIpv6AndUnixAddresses() throws IOException {
		assertThat(exchange(ProxyHeaders.v2("2001:db8::7", 443, "2001:db8::1", 9000).bytes(), "a"))
			.startsWith("/[2001:db8:0:0:0:0:0:7]:443 via");
		assertThat(exchange(ProxyHeaders.v2Unix("/run/client.sock", "/run/haproxy.sock").bytes(), "b"))
			.startsWith("/run/client.sock via");
		assertThat(this.headers.get(1).destination()).isEqualTo(UnixDomainSocketAddress.of("/run/haproxy.sock"));
	}

	@Test
	void aLocalCommandAndAnUnknownLineAreServedAsDirectConnections() throws IOException {
		assertThat(exchange(ProxyHeaders.v2Local().bytes(), "check")).startsWith("/127.0.0.1:").endsWith(" said check");
		assertThat(exchange(ProxyHeaders.v1("PROXY UNKNOWN"), "check")).startsWith("/127.0.0.1:")
			.endsWith(" said check");
		assertThat(this.headers).extracting(ProxyHeader::local).containsExactly(true, false);
		assertThat(this.headers).extracting(ProxyHeader::source).containsOnlyNulls();
		assertThat(this.listener.rejections).isEmpty();
	}

	@Test
	void aTlsClientHelloAfterTheHeaderReachesTheNextLayerIntact() throws IOException {
		byte[] clientHello = new byte[700];
		clientHello[0] = 0x16;
		clientHello[1] = 0x03;
		clientHello[2] = 0x01;
		for (int i = 3; i < clientHello.length; i++) {
			clientHello[i] = (byte) (i * 31);
		}
		List<byte[]> received = new CopyOnWriteArrayList<>();
		StreamRequestHandler reading = (request) -> received.add(request.rfile().readNBytes(clientHello.length));
		ServerOptions options = options(ProxyProtocolMode.REQUIRED, ANYONE, Duration.ofSeconds(10)).build();
		try (TcpServer server = new TcpServer(LOOPBACK, reading, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			// In one write, as a balancer sends the header and the first bytes it has.
			client.send(ProxyHeaders.concat(ProxyHeaders.v2("192.0.2.9", 1234, "10.0.0.1", 443).bytes(), clientHello));
			assertThat(client.readToEnd()).isEmpty();
		}
		assertThat(received).singleElement().isEqualTo(clientHello);
	}

	@Test
	void garbageIsRefusedWhenAHeaderIsRequiredAndServedIntactWhenItIsOptional() throws IOException {
		byte[] garbage = "GET / HTTP/1.0\n".getBytes(StandardCharsets.US_ASCII);
		assertThat(refused(ProxyProtocolMode.REQUIRED, garbage)).hasMessageContaining("is required")
			.hasMessageContaining("474554");
		try (TcpServer server = server(ProxyProtocolMode.OPTIONAL, ANYONE);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(garbage);
			assertThat(client.readLine()).startsWith("/127.0.0.1:").endsWith(" said GET / HTTP/1.0");
		}
	}

	@Test
	void malformedHeadersAreRefusedAsHeaderRejections() throws IOException {
		assertThat(refused(ProxyProtocolMode.OPTIONAL, ProxyHeaders.v1("PROXY TCP4 192.0.2.01 10.0.0.1 1 2")))
			.hasMessageContaining("Malformed PROXY protocol version 1");
		assertThat(refused(ProxyProtocolMode.REQUIRED, ProxyHeaders.v1("PROXY TCP4 2001:db8::1 10.0.0.1 1 2")))
			.hasMessageContaining("Malformed");
		assertThat(refused(ProxyProtocolMode.REQUIRED, ProxyHeaders.v1("PROXY TCP4 192.0.2.1 10.0.0.1 1 65536")))
			.hasMessageContaining("Malformed");
		assertThat(refused(ProxyProtocolMode.REQUIRED, "PROXY TCP4 192.0.2.1 10.0.0.1 1 2\n".getBytes()))
			.as("a bare LF")
			.hasMessageContaining("Malformed");
		assertThat(refused(ProxyProtocolMode.REQUIRED, ProxyHeaders.v2Raw(0x31, 0x11).bytes()))
			.hasMessageContaining("version and command 0x31");
		assertThat(refused(ProxyProtocolMode.REQUIRED, ProxyHeaders.v2Raw(0x21, 0x41).bytes()))
			.hasMessageContaining("family and protocol 0x41");
		assertThat(refused(ProxyProtocolMode.REQUIRED, ProxyHeaders.v2Raw(0x21, 0x11).bytes()))
			.as("no room for the addresses")
			.hasMessageContaining("overrun");
		byte[] crc = ProxyHeaders.v2("192.0.2.1", 1, "10.0.0.1", 2).withCrc().bytes();
		crc[17] ^= 1;
		assertThat(refused(ProxyProtocolMode.REQUIRED, crc)).hasMessageContaining("CRC32C");
		assertThat(this.listener.rejections).hasSize(8).containsOnly(Rejection.HEADER);
	}

	@Test
	void tooLongHeadersAreRefusedBeforeTheyAreRead() throws IOException {
		byte[] longLine = ProxyHeaders.v1("PROXY TCP4 192.0.2.1 10.0.0.1 1 2" + " ".repeat(100));
		assertThat(refused(ProxyProtocolMode.REQUIRED, longLine)).hasMessageContaining("too long");
		byte[] longBinary = ProxyHeaders.v2("192.0.2.1", 1, "10.0.0.1", 2).tlv(0xE0, new byte[5000]).bytes();
		assertThat(refused(ProxyProtocolMode.REQUIRED, java.util.Arrays.copyOf(longBinary, 16)))
			.hasMessageContaining("too long");
	}

	@Test
	void truncatedAndSlowHeadersAreRefused() throws IOException {
		byte[] header = ProxyHeaders.v2("192.0.2.1", 1, "10.0.0.1", 2).bytes();
		assertThat(refusedAfterClose(java.util.Arrays.copyOf(header, 20))).hasMessageContaining("closed within");
		assertThat(refusedAfterClose("PROXY TCP4 192.0.2.1".getBytes())).hasMessageContaining("closed within");
		ServerOptions options = options(ProxyProtocolMode.REQUIRED, ANYONE, Duration.ofMillis(300)).build();
		try (TcpServer server = new TcpServer(LOOPBACK, this.describing, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(java.util.Arrays.copyOf(header, 10));
			assertThat(client.readToEnd()).as("closed by the server").isEmpty();
		}
		assertThat(this.errors).last()
			.satisfies((error) -> assertThat(error).isInstanceOf(HeaderException.class)
				.hasMessageContaining("header timeout of 300 ms"));
		assertThat(this.listener.rejections).containsExactly(Rejection.HEADER, Rejection.HEADER, Rejection.HEADER);
	}

	@Test
	void aHeaderFromAnUntrustedSourceIsRefusedWhenRequiredAndIgnoredWhenOptional() throws IOException {
		List<String> elsewhere = List.of("10.0.0.0/8");
		byte[] spoofed = ProxyHeaders.v1("PROXY TCP4 192.0.2.1 10.0.0.1 1 2");
		try (TcpServer server = server(ProxyProtocolMode.REQUIRED, elsewhere);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(ProxyHeaders.concat(spoofed, "hello\n".getBytes()));
			assertThat(client.readToEnd()).as("closed by the server").isEmpty();
			await().until(() -> this.errors.size() == 1);
		}
		assertThat(this.errors.get(0)).hasMessageContaining("not a trusted source");
		try (TcpServer server = server(ProxyProtocolMode.OPTIONAL, elsewhere);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(ProxyHeaders.concat(spoofed, "hello\n".getBytes()));
			assertThat(client.readLine()).as("the header is dropped, and not believed")
				.startsWith("/127.0.0.1:")
				.endsWith(" said hello");
		}
		assertThat(this.headers).isEmpty();
		try (TcpServer server = server(ProxyProtocolMode.REQUIRED, List.of("127.0.0.0/8"));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(ProxyHeaders.concat(spoofed, "hello\n".getBytes()));
			assertThat(client.readLine()).startsWith("/192.0.2.1:1 via");
		}
	}

	@Test
	void anEmptyTrustedListBelievesNoInetPeer() throws IOException {
		byte[] spoofed = ProxyHeaders.v1("PROXY TCP4 192.0.2.1 10.0.0.1 1 2");
		try (TcpServer server = server(ProxyProtocolMode.REQUIRED, List.of());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(ProxyHeaders.concat(spoofed, "hello\n".getBytes()));
			assertThat(client.readToEnd()).as("closed by the server").isEmpty();
			await().until(() -> this.errors.size() == 1);
		}
		assertThat(this.errors.get(0)).hasMessageContaining("not a trusted source");
		try (TcpServer server = server(ProxyProtocolMode.OPTIONAL, List.of());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(ProxyHeaders.concat(spoofed, "hello\n".getBytes()));
			assertThat(client.readLine()).as("the header is dropped, and not believed")
				.startsWith("/127.0.0.1:")
				.endsWith(" said hello");
		}
		assertThat(this.headers).isEmpty();
	}

	@Test
	void aLocalHeaderIsServedWhateverItsFamilyProtocolAndAddressBlock() throws IOException {
		assertThat(exchange(ProxyHeaders.v2Raw(0x20, 0x41).tlv(0x01, "x").bytes(), "unknown family"))
			.startsWith("/127.0.0.1:")
			.endsWith(" said unknown family");
		assertThat(exchange(ProxyHeaders.v2Raw(0x20, 0x1F).bytes(), "unknown protocol")).startsWith("/127.0.0.1:")
			.endsWith(" said unknown protocol");
		assertThat(exchange(ProxyHeaders.v2Raw(0x20, 0x21).tlv(0x01, "short").bytes(), "short addresses"))
			.as("8 bytes where IPv6 addresses take 36")
			.startsWith("/127.0.0.1:")
			.endsWith(" said short addresses");
		assertThat(exchange(ProxyHeaders.v2Local().raw(0x02, 0x00, 0x09, 0x41).bytes(), "bad field"))
			.as("a field that overruns the header")
			.endsWith(" said bad field");
		assertThat(this.headers).hasSize(4).allSatisfy((header) -> {
			assertThat(header.local()).isTrue();
			assertThat(header.source()).isNull();
		});
		assertThat(this.headers.get(3).tlvs()).as("ill-formed fields are not taken").isEmpty();
		assertThat(this.listener.rejections).isEmpty();
	}

	@Test
	void theOffModeReadsNoHeader() throws IOException {
		try (TcpServer server = server(ProxyProtocolMode.OFF, ANYONE);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(ProxyHeaders.v1("PROXY TCP4 192.0.2.1 10.0.0.1 1 2"));
			assertThat(client.readLine()).startsWith("/127.0.0.1:").endsWith(" said PROXY TCP4 192.0.2.1 10.0.0.1 1 2");
		}
	}

	private String exchange(byte[] header, String line) throws IOException {
		try (TcpServer server = server(ProxyProtocolMode.REQUIRED, ANYONE);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(ProxyHeaders.concat(header, (line + "\n").getBytes(StandardCharsets.UTF_8)));
			return client.readLine();
		}
	}

	/**
	 * Sends bytes, expects the connection closed, and returns what the server reported.
	 */
	private Throwable refused(ProxyProtocolMode mode, byte[] bytes) throws IOException {
		int before = this.errors.size();
		try (TcpServer server = server(mode, ANYONE);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(bytes);
			assertThat(client.readToEnd()).as("closed by the server").isEmpty();
			await().until(() -> this.errors.size() > before);
		}
		return this.errors.get(before);
	}

	private Throwable refusedAfterClose(byte[] bytes) throws IOException {
		int before = this.errors.size();
		try (TcpServer server = server(ProxyProtocolMode.REQUIRED, ANYONE);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(bytes);
			client.shutdownOutput();
			assertThat(client.readToEnd()).as("closed by the server").isEmpty();
			await().until(() -> this.errors.size() > before);
		}
		return this.errors.get(before);
	}

	private TcpServer server(ProxyProtocolMode mode, List<String> trusted) throws IOException {
		return new TcpServer(LOOPBACK, this.describing, options(mode, trusted, Duration.ofSeconds(10)).build());
	}

	private ServerOptions.Builder options(ProxyProtocolMode mode, List<String> trusted, Duration timeout) {
		SocketServerListener errors = new SocketServerListener() {
			@Override
			public void errorReported(Request request, Throwable exception) {
				ProxyProtocolLayerTests.this.errors.add(exception);
			}
		};
		return ServerOptions.builder()
			.name("proxied")
			.threading(Threading.thread())
			.listener(SocketServerListener.of(List.of(this.listener, errors)))
			.addLayer(new ProxyProtocolLayer(mode, trusted.stream().map(AddressRange::parse).toList(), timeout));
	}

}
