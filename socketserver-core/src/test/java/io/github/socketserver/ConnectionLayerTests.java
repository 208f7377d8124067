package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.github.socketserver.access.AddressFilter;
import io.github.socketserver.access.AddressRange;
import io.github.socketserver.connection.ConnectionLayer;
import io.github.socketserver.connection.LayerException;
import io.github.socketserver.connection.Transport;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The connection path as a chain of layers: what a layer makes of the bytes and of the
 * client's address is what the limits, the verifier, the listener and the handler see.
 */
class ConnectionLayerTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private final AddressRecorder listener = new AddressRecorder();

	@Test
	void aLayerThatTransformsBytesBothWaysIsWhatTheHandlerReadsAndWrites() throws IOException {
		List<String> seen = new CopyOnWriteArrayList<>();
		StreamRequestHandler handler = (request) -> {
			String line = request.rfile().readLine();
			seen.add(line);
			request.wfile().write("got " + line + "\n");
		};
		ServerOptions options = ServerOptions.builder().listener(this.listener).addLayer(XOR_LAYER).build();
		try (TcpServer server = new TcpServer(LOOPBACK, handler, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(xor("hello\n"));
			byte[] reply = client.readToEnd();
			assertThat(new String(xor(reply), StandardCharsets.US_ASCII)).isEqualTo("got hello\n");
		}
		assertThat(seen).containsExactly("hello");
		// Bytes are counted on the wire, below the layers.
		await().until(() -> this.listener.bytesSent.size() == 1);
		assertThat(this.listener.bytesReceived).containsExactly(6);
		assertThat(this.listener.bytesSent).containsExactly(10);
	}

	@Test
	void thePerClientLimitCountsIpv6ClientsByTheirSlash64ByDefault() throws Exception {
		assertThat(ServerOptions.defaults().limits().ipv6ClientPrefix()).isEqualTo(64);
		assertThat(admittedOfThreeIpv6Clients(ServerOptions.builder())).containsExactly("2001:db8:1:1::1",
				"2001:db8:1:2::1");
	}

	@Test
	void thePerClientLimitCountsIpv6ClientsByTheConfiguredPrefix() throws Exception {
		assertThat(admittedOfThreeIpv6Clients(ServerOptions.builder().ipv6ClientPrefix(128)))
			.containsExactly("2001:db8:1:1::1", "2001:db8:1:1::2", "2001:db8:1:2::1");
		assertThat(admittedOfThreeIpv6Clients(ServerOptions.builder().ipv6ClientPrefix(32)))
			.containsExactly("2001:db8:1:1::1");
	}

	@Test
	void refusesAnIpv6ClientPrefixOutsideTheAddress() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServerOptions.builder().ipv6ClientPrefix(0).build());
		assertThatIllegalArgumentException().isThrownBy(() -> ServerOptions.builder().ipv6ClientPrefix(129).build());
	}

	/**
	 * Opens three connections that the layer says come from two addresses of one /64 and
	 * one of another, with a cap of one per client, and tells which were let in.
	 */
	private List<String> admittedOfThreeIpv6Clients(ServerOptions.Builder builder) throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		List<String> admitted = new CopyOnWriteArrayList<>();
		ServerOptions options = builder.threading(Threading.thread())
			.maxRequestsPerClient(1)
			.listener(this.listener)
			.addLayer(HEADER_LAYER)
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.holdingUntil(release), options);
				Serving serving = Serving.start(server)) {
			List<SocketTestClient> clients = new ArrayList<>();
			try {
				for (String address : List.of("2001:db8:1:1::1", "2001:db8:1:1::2", "2001:db8:1:2::1")) {
					SocketTestClient client = SocketTestClient.connect(server.serverAddress());
					clients.add(client);
					client.send("FROM " + address + " 1\n");
					if ("in".equals(client.readLine())) {
						admitted.add(address);
					}
				}
			}
			finally {
				release.countDown();
				for (SocketTestClient client : clients) {
					client.close();
				}
			}
		}
		return admitted;
	}

	@Test
	void theClientAddressALayerReadsIsWhatTheVerifierListenerAndHandlerSee() throws IOException {
		List<SocketAddress> handled = new CopyOnWriteArrayList<>();
		StreamRequestHandler handler = (request) -> {
			handled.add(request.clientAddress());
			request.wfile().write("hi " + request.clientAddress() + "\n");
		};
		AddressFilter denyOne = new AddressFilter(List.of(), List.of(AddressRange.parse("10.9.9.9")));
		ServerOptions options = ServerOptions.builder()
			.threading(Threading.thread())
			.listener(this.listener)
			.addLayer(HEADER_LAYER)
			.verifier(denyOne)
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, handler, options); Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.send("FROM 10.1.2.3 5555\n");
				assertThat(client.readLine()).isEqualTo("hi /10.1.2.3:5555");
			}
			try (SocketTestClient denied = SocketTestClient.connect(server.serverAddress())) {
				denied.send("FROM 10.9.9.9 6666\n");
				assertThat(denied.readToEnd()).as("closed by the server").isEmpty();
			}
		}
		InetSocketAddress real = new InetSocketAddress("10.1.2.3", 5555);
		assertThat(handled).containsExactly(real);
		assertThat(this.listener.started).containsExactly(real);
		await().until(() -> this.listener.rejected.size() == 1);
		assertThat(this.listener.rejected).containsExactly(new InetSocketAddress("10.9.9.9", 6666));
	}

	@Test
	void thePerClientLimitCountsTheClientALayerFound() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		StreamRequestHandler holding = EchoHandlers.holdingUntil(release);
		ServerOptions options = ServerOptions.builder()
			.threading(Threading.thread())
			.maxRequestsPerClient(1)
			.listener(this.listener)
			.addLayer(HEADER_LAYER)
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, holding, options);
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress());
				SocketTestClient other = SocketTestClient.connect(server.serverAddress());
				SocketTestClient again = SocketTestClient.connect(server.serverAddress())) {
			// All three come from 127.0.0.1; the layer says who they are.
			first.send("FROM 10.0.0.1 1\n");
			assertThat(first.readLine()).isEqualTo("in");
			other.send("FROM 10.0.0.2 2\n");
			assertThat(other.readLine()).isEqualTo("in");
			again.send("FROM 10.0.0.1 3\n");
			assertThat(again.readToEnd()).as("closed by the server").isEmpty();
			release.countDown();
		}
		assertThat(this.listener.rejections).containsExactly(Rejection.LIMIT);
	}

	@Test
	void aLayerRunsOnTheRequestsThreadAndARefusalClosesTheConnectionBeforeTheHandler() throws IOException {
		List<String> layerThreads = new CopyOnWriteArrayList<>();
		List<Request> handled = new CopyOnWriteArrayList<>();
		ConnectionLayer refusing = (connection) -> {
			layerThreads.add(Thread.currentThread().getName());
			throw new IOException("no header");
		};
		ServerOptions options = ServerOptions.builder()
			.name("layered")
			.threading(Threading.thread())
			.listener(this.listener)
			.addLayer(refusing)
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, (request) -> handled.add(request), options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(client.readToEnd()).as("closed by the server").isEmpty();
			await().until(() -> this.listener.errors.size() == 1);
		}
		assertThat(handled).isEmpty();
		// Any exception of a layer is a refusal of the client's connection.
		assertThat(this.listener.errors).singleElement()
			.satisfies(
					(error) -> assertThat(error).isInstanceOf(LayerException.class).hasRootCauseMessage("no header"));
		assertThat(layerThreads).singleElement()
			.satisfies((name) -> assertThat(name).startsWith("socketserver-layered-"));
	}

	@Test
	void aLayersRefusalIsAClientsFaultLoggedWithItsTextEscaped() throws IOException {
		ConnectionLayer refusing = (connection) -> {
			throw new LayerException("bad header \u001b[31m\nforged line");
		};
		ServerOptions options = ServerOptions.builder()
			.name("layered")
			.threading(Threading.thread())
			.listener(this.listener)
			.addLayer(refusing)
			.build();
		try (LogCapture logs = new LogCapture(); TcpServer server = new TcpServer(LOOPBACK, (request) -> {
		}, options); Serving serving = Serving.start(server)) {
			for (int i = 0; i < 3; i++) {
				try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
					assertThat(client.readToEnd()).isEmpty();
				}
			}
			await().until(() -> this.listener.errors.size() == 3);
			assertThat(logs.messages()).noneMatch((message) -> message.startsWith("Exception occurred"));
			assertThat(logs.messages()).filteredOn((message) -> message.contains("ended the request from"))
				.isNotEmpty()
				.allSatisfy((message) -> assertThat(message).contains("bad header \\x1b[31m\\x0aforged line")
					.doesNotContain("\u001b")
					.doesNotContain("\n"));
		}
	}

	@Test
	void theSocketsPeerStaysKnownAfterALayerFoundTheClient() throws IOException {
		List<String> seen = new CopyOnWriteArrayList<>();
		StreamRequestHandler handler = (request) -> seen.add(request.clientAddress() + " via " + request.peerAddress());
		ServerOptions options = ServerOptions.builder().addLayer(HEADER_LAYER).build();
		try (TcpServer server = new TcpServer(LOOPBACK, handler, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("FROM 10.1.2.3 5555\n");
			assertThat(client.readToEnd()).isEmpty();
			assertThat(seen).containsExactly("/10.1.2.3:5555 via " + client.localAddress());
		}
	}

	@Test
	void aTimedOutReadIntoABufferWithoutAnArrayLeavesATcpConnectionOpen() throws IOException {
		List<Throwable> outcome = new CopyOnWriteArrayList<>();
		StreamRequestHandler handler = (request) -> {
			try {
				request.transport().read(ByteBuffer.allocateDirect(16), Duration.ofMillis(200).toNanos());
			}
			catch (IOException ex) {
				outcome.add(ex);
			}
			request.wfile().write("still open\n");
		};
		try (TcpServer server = new TcpServer(LOOPBACK, handler, ServerOptions.defaults());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(client.readLine()).isEqualTo("still open");
		}
		assertThat(outcome).singleElement().isInstanceOf(SocketTimeoutException.class);
	}

	/**
	 * Flips one bit of every byte, both ways: a stand-in for TLS.
	 */
	private static final ConnectionLayer XOR_LAYER = (connection) -> {
		Transport inner = connection.transport();
		return connection.withTransport(new Transport() {

			@Override
			public int read(ByteBuffer target, long timeoutNanos) throws IOException {
				int start = target.position();
				int count = inner.read(target, timeoutNanos);
				for (int i = start; i < start + Math.max(count, 0); i++) {
					target.put(i, (byte) (target.get(i) ^ 1));
				}
				return count;
			}

			@Override
			public void write(ByteBuffer source) throws IOException {
				ByteBuffer flipped = ByteBuffer.allocate(source.remaining());
				while (source.hasRemaining()) {
					flipped.put((byte) (source.get() ^ 1));
				}
				inner.write(flipped.flip());
			}

		});
	};

	/**
	 * Reads a first line {@code FROM <ip> <port>} and takes it as the client's address: a
	 * stand-in for a PROXY protocol header. Reads a byte at a time, so it never reads
	 * past the header.
	 */
	private static final ConnectionLayer HEADER_LAYER = (connection) -> {
		StringBuilder header = new StringBuilder();
		ByteBuffer one = ByteBuffer.allocate(1);
		while (true) {
			if (connection.transport().read(one.clear(), 0) < 0) {
				throw new IOException("The connection ended in its header");
			}
			char c = (char) one.get(0);
			if (c == '\n') {
				break;
			}
			header.append(c);
		}
		String[] parts = header.toString().split(" ");
		return connection.withClientAddress(new InetSocketAddress(parts[1], Integer.parseInt(parts[2])));
	};

	private static byte[] xor(String text) {
		return xor(text.getBytes(StandardCharsets.US_ASCII));
	}

	private static byte[] xor(byte[] bytes) {
		byte[] flipped = new byte[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			flipped[i] = (byte) (bytes[i] ^ 1);
		}
		return flipped;
	}

	/**
	 * Records the client addresses the listener sees, and the bytes on the wire.
	 */
	private static final class AddressRecorder implements io.github.socketserver.listener.SocketServerListener {

		final List<SocketAddress> started = new CopyOnWriteArrayList<>();

		final List<SocketAddress> rejected = new CopyOnWriteArrayList<>();

		final List<Rejection> rejections = new CopyOnWriteArrayList<>();

		final List<Throwable> errors = new CopyOnWriteArrayList<>();

		final List<Integer> bytesReceived = new CopyOnWriteArrayList<>();

		final List<Integer> bytesSent = new CopyOnWriteArrayList<>();

		@Override
		public Object requestStarted(Request request) {
			this.started.add(request.clientAddress());
			return null;
		}

		@Override
		public void requestRejected(Request request, Rejection reason) {
			this.rejected.add(request.clientAddress());
			this.rejections.add(reason);
		}

		@Override
		public void errorReported(Request request, Throwable exception) {
			this.errors.add(exception);
		}

		@Override
		public void bytesReceived(int count) {
			this.bytesReceived.add(count);
		}

		@Override
		public void bytesSent(int count) {
			this.bytesSent.add(count);
		}

	}

}
