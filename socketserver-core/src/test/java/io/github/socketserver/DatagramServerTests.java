package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link UdpServer} and {@link UnixDatagramServer} over real sockets: replies go to the
 * sender, oversize datagrams are dropped and counted, empty ones are served, a Unix
 * client without an address gets no reply, and {@code handleRequest} times out.
 */
class DatagramServerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final RecordingListener listener = new RecordingListener();

	private final List<Exception> errors = new CopyOnWriteArrayList<>();

	private final List<String> handled = new CopyOnWriteArrayList<>();

	private final ServerOptions.Builder options = ServerOptions.builder()
		.name("datagram")
		.listener(this.listener)
		.errorHandler((request, exception) -> this.errors.add(exception));

	/**
	 * Replies with the datagram's length, a colon and the datagram.
	 */
	private final DatagramRequestHandler describe = (request) -> {
		String text = new String(request.packet(), StandardCharsets.UTF_8);
		this.handled.add(text);
		request.wfile().write((request.packet().length + ":" + text).getBytes(StandardCharsets.UTF_8));
	};

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "udp4", "udp6", "unix" })
	void repliesToEachSender(String family) throws IOException {
		try (BaseServer<?> server = server(family, () -> this.describe);
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.datagram(server.serverAddress());
				SocketTestClient second = SocketTestClient.datagram(server.serverAddress())) {
			first.send(bytes("from first"));
			second.send(bytes("from second"));
			assertThat(text(second.receive())).isEqualTo("11:from second");
			assertThat(text(first.receive())).isEqualTo("10:from first");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "udp4", "udp6", "unix" })
	void dropsAnOversizeDatagramCountsItAndServesTheNext(String family) throws IOException {
		this.options.maxPacketSize(16);
		try (BaseServer<?> server = server(family, () -> this.describe);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send(bytes("x".repeat(17)));
			client.send(bytes("y".repeat(16)));
			assertThat(text(client.receive())).isEqualTo("16:" + "y".repeat(16));
			assertThat(this.listener.datagramsDropped).hasValue(1);
			assertThat(this.handled).containsExactly("y".repeat(16));
			assertThat(this.listener.bytesReceived).hasValue(16);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "udp4", "udp6" })
	void servesAnEmptyDatagram(String family) throws IOException {
		try (BaseServer<?> server = server(family, () -> this.describe);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send(new byte[0]);
			assertThat(text(client.receive())).isEqualTo("0:");
			assertThat(this.handled).containsExactly("");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "udp4", "unix" })
	void rfileIsOneStreamForTheWholeRequest(String family) throws IOException {
		DatagramRequestHandler readsInTwoCalls = (request) -> {
			char first = (char) request.rfile().read();
			String rest = new String(request.rfile().readAllBytes(), StandardCharsets.UTF_8);
			request.wfile().write(bytes(first + "|" + rest + "|" + (request.rfile() == request.rfile())));
		};
		try (BaseServer<?> server = server(family, () -> readsInTwoCalls);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send(bytes("abc"));
			assertThat(client.receiveAsString()).isEqualTo("a|bc|true");
		}
	}

	/**
	 * junixsocket 2.10 reads an empty Unix datagram as no datagram at all, so the server
	 * never sees it (see {@link UnixDatagramServer}); what follows is served.
	 */
	@Test
	void anEmptyUnixDatagramIsNeverSeenAndTheServerGoesOn() throws IOException {
		try (BaseServer<?> server = server("unix", () -> this.describe);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send(new byte[0]);
			client.send(bytes("next"));
			assertThat(text(client.receive())).isEqualTo("4:next");
			assertThat(this.handled).containsExactly("next");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "udp4", "unix" })
	void countsTheBytesOfDatagramsAndReplies(String family) throws IOException {
		try (BaseServer<?> server = server(family, () -> this.describe);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send(bytes("hello"));
			assertThat(text(client.receive())).isEqualTo("5:hello");
			await().atMost(TIMEOUT).until(() -> server.activeRequests() == 0);
			assertThat(this.listener.bytesReceived).hasValue(5);
			assertThat(this.listener.bytesSent).hasValue(7);
		}
	}

	@Test
	void aUnixClientWithoutAnAddressGetsNoReplyAndTheServerGoesOn() throws IOException {
		List<Boolean> canReply = new CopyOnWriteArrayList<>();
		DatagramRequestHandler handler = (request) -> {
			canReply.add(request.canReply());
			this.describe.handle(request);
		};
		try (BaseServer<?> server = server("unix", () -> handler); Serving serving = Serving.start(server)) {
			try (SocketTestClient unbound = SocketTestClient
				.unboundUnixDatagram(((UnixDomainSocketAddress) server.serverAddress()).getPath())) {
				unbound.send(bytes("anonymous"));
				await().atMost(TIMEOUT).until(() -> this.handled.size() == 1 && server.activeRequests() == 0);
			}
			try (SocketTestClient bound = SocketTestClient.datagram(server.serverAddress())) {
				bound.send(bytes("named"));
				assertThat(text(bound.receive())).isEqualTo("5:named");
			}
			// The reply is counted just after it is sent.
			await().atMost(TIMEOUT).until(() -> server.activeRequests() == 0);
			assertThat(canReply).containsExactly(false, true);
			assertThat(this.listener.bytesSent).hasValue(7);
			assertThat(this.errors).isEmpty();
		}
	}

	/**
	 * A Unix datagram client that never reads fills its queue; replies to it wait a
	 * bounded time for room and are then dropped and logged, while other clients are
	 * answered.
	 */
	@Test
	void repliesToAClientThatNeverReadsAreDroppedAfterABoundedWaitAndOthersAreServed() throws IOException {
		this.options.threading(Threading.thread());
		try (LogCapture logs = new LogCapture();
				BaseServer<?> server = server("unix", () -> this.describe);
				Serving serving = Serving.start(server);
				SocketTestClient mute = SocketTestClient.datagram(server.serverAddress());
				SocketTestClient probe = SocketTestClient.datagram(server.serverAddress())) {
			int sent = 40;
			for (int i = 0; i < sent; i++) {
				mute.send(bytes("m" + i));
			}
			await().atMost(TIMEOUT).until(() -> this.handled.size() == sent);
			probe.send(bytes("probe"));
			assertThat(text(probe.receive())).isEqualTo("5:probe");
			await().atMost(TIMEOUT)
				.until(() -> logs.messages().stream().anyMatch((message) -> message.contains("was dropped")));
			await().atMost(TIMEOUT).until(() -> server.activeRequests() == 0);
			int queued = 0;
			while (mute.poll(Duration.ofMillis(200)) != null) {
				queued++;
			}
			assertThat(queued).as("replies that found room").isPositive().isLessThan(sent);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "udp4", "unix" })
	void handleRequestCallsHandleTimeoutWhenNothingArrives(String family) throws IOException {
		AtomicInteger timeouts = new AtomicInteger();
		this.options.timeout(Duration.ofMillis(50));
		try (UdpServer server = timingOut(family, timeouts);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			server.handleRequest();
			assertThat(timeouts).hasValue(1);
			assertThat(this.handled).isEmpty();
			client.send(bytes("late"));
			server.handleRequest();
			assertThat(text(client.receive())).isEqualTo("4:late");
			assertThat(timeouts).hasValue(1);
		}
	}

	private UdpServer timingOut(String family, AtomicInteger timeouts) throws IOException {
		if (family.equals("unix")) {
			return new UnixDatagramServer(this.directory.resolve("server.sock"), () -> this.describe,
					this.options.build(), true) {

				@Override
				protected void handleTimeout() {
					timeouts.incrementAndGet();
				}

			};
		}
		return new UdpServer(new InetSocketAddress("127.0.0.1", 0), () -> this.describe, this.options.build(), true) {

			@Override
			protected void handleTimeout() {
				timeouts.incrementAndGet();
			}

		};
	}

	private BaseServer<?> server(String family, Supplier<RequestHandler<DatagramRequest>> handlers) throws IOException {
		assumeTrue(!family.equals("udp6") || Loopback.ipv6Available(), "IPv6 loopback is not available");
		return switch (family) {
			case "udp4" -> new UdpServer(new InetSocketAddress("127.0.0.1", 0), handlers, this.options.build(), true);
			case "udp6" -> new UdpServer(new InetSocketAddress("::1", 0), handlers, this.options.build(), true);
			case "unix" ->
				new UnixDatagramServer(this.directory.resolve("server.sock"), handlers, this.options.build(), true);
			default -> throw new IllegalArgumentException(family);
		};
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		assertThat(bytes).as("a reply within the timeout").isNotNull();
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
