package io.github.socketserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A UDP server with several receivers: sockets bound to one port with SO_REUSEPORT, each
 * served by a loop of its own.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "only Linux spreads datagrams over SO_REUSEPORT sockets")
class DatagramReceiversTests {

	private static final int CLIENTS = 32;

	private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

	@Test
	void everyReceiverAnswersItsClientsInPlaceInTheSyncMode() throws Exception {
		Set<String> threads = ConcurrentHashMap.newKeySet();
		Finished finished = new Finished();
		DatagramRequestHandler echo = (request) -> {
			threads.add(Thread.currentThread().getName());
			request.wfile().writeBytes(request.packet());
		};
		try (UdpServer server = new UdpServer(ANY_PORT, echo, options(4).listener(finished).build());
				Serving serving = Serving.start(server)) {
			assertThat(server.receiverCount()).isEqualTo(4);
			List<SocketTestClient> clients = clients(server.serverAddress());
			try {
				for (int i = 0; i < CLIENTS; i++) {
					clients.get(i).send("hello " + i);
					assertThat(clients.get(i).receiveAsString()).isEqualTo("hello " + i);
				}
			}
			finally {
				close(clients);
			}
			// Handled on the receivers' own loops, more than one of them.
			assertThat(threads).hasSizeGreaterThan(1)
				.allMatch((name) -> name.equals(serving.thread().getName())
						|| name.startsWith("socketserver-receivers-receiver-"));
			// Every receiver's requests are counted.
			await().atMost(Duration.ofSeconds(10)).until(() -> finished.count.get() == CLIENTS);
		}
	}

	@Test
	void aReceiverGoesOnAfterAHandlerLeftItsThreadInterrupted() throws Exception {
		Set<String> interrupted = ConcurrentHashMap.newKeySet();
		DatagramRequestHandler echo = (request) -> {
			request.wfile().writeBytes(request.packet());
			if (Thread.currentThread().getName().startsWith("socketserver-receivers-receiver-")) {
				// As a handler that caught an InterruptedException and kept the flag.
				interrupted.add(Thread.currentThread().getName());
				Thread.currentThread().interrupt();
			}
		};
		try (UdpServer server = new UdpServer(ANY_PORT, echo, options(2).build());
				Serving serving = Serving.start(server)) {
			List<SocketTestClient> clients = clients(server.serverAddress());
			try {
				for (int round = 0; round < 2; round++) {
					for (int i = 0; i < CLIENTS; i++) {
						clients.get(i).send("hello " + i);
						assertThat(clients.get(i).receiveAsString()).isEqualTo("hello " + i);
					}
				}
			}
			finally {
				close(clients);
			}
			// The other receiver took some of the clients, and served them again.
			assertThat(interrupted).isNotEmpty();
		}
	}

	@Test
	void theReceiversShareThePortTheFirstWasGiven() throws Exception {
		try (UdpServer server = new UdpServer(ANY_PORT, (request) -> {
		}, options(3).build())) {
			int port = ((InetSocketAddress) server.serverAddress()).getPort();
			assertThat(server.receivers()).hasSize(3)
				.allSatisfy((receiver) -> assertThat(
						((InetSocketAddress) ((DatagramChannel) receiver.channel()).getLocalAddress()).getPort())
					.isEqualTo(port));
		}
	}

	@Test
	void aFreePortIsPickedByAProbeWithoutReuseSoNoOtherGroupsPortIsShared() throws Exception {
		// A socket with SO_REUSEPORT binding port 0 may be given a port another group
		// of the same user holds: the probe, without it, is given a port nothing holds.
		List<DatagramChannel> probes = new ArrayList<>();
		SocketAddress reserved = ReusePortReceivers.reserve(ANY_PORT, () -> {
			DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET);
			probes.add(probe);
			return probe;
		}, true);
		assertThat(probes).singleElement().satisfies((probe) -> assertThat(probe.isOpen()).isFalse());
		assertThat(((InetSocketAddress) reserved).getPort()).isNotZero();
		try (DatagramChannel alone = DatagramChannel.open(StandardProtocolFamily.INET)) {
			// Nothing holds it: a socket without any reuse option binds it.
			alone.bind(reserved);
		}
		try (UdpServer server = new UdpServer(ANY_PORT, (request) -> {
		}, options(2).build())) {
			assertThat(((InetSocketAddress) server.serverAddress()).getPort()).isNotZero();
		}
	}

	@Test
	void aPortAnotherProcessHoldsStopsTheStartEvenWithSoReusePortSetThere() throws Exception {
		Process holder = startPortHolder();
		try {
			int port = portOf(holder);
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> new UdpServer(new InetSocketAddress("127.0.0.1", port), (request) -> {
				}, options(2).allowReuseAddress(true).build()))
				.withMessageContaining("Address already in use")
				.withMessageContaining("127.0.0.1:" + port);
		}
		finally {
			holder.getOutputStream().close();
			holder.waitFor(10, TimeUnit.SECONDS);
			holder.destroyForcibly();
		}
	}

	@Test
	void aPortAnotherSocketHoldsStopsTheStart() throws Exception {
		try (DatagramChannel other = DatagramChannel.open(StandardProtocolFamily.INET)) {
			other.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			other.bind(ANY_PORT);
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> new UdpServer((InetSocketAddress) other.getLocalAddress(), (request) -> {
				}, options(2).build()))
				.withMessageContaining("Address already in use");
		}
	}

	@Test
	void anAddressNotOfThisHostIsNotToldAsInUse() {
		// 192.0.2.1 (TEST-NET-1) is on no interface: the bind fails for that, not for a
		// socket holding the port, with or without a port given.
		for (int port : new int[] { 0, 9 }) {
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> new UdpServer(new InetSocketAddress("192.0.2.1", port), (request) -> {
				}, options(2).build()))
				.withMessageContaining("Cannot assign requested address")
				.withMessageNotContaining("already in use");
		}
	}

	@Test
	void reusePortAskedForSharesThePortWithAnotherSocket() throws Exception {
		try (DatagramChannel other = DatagramChannel.open(StandardProtocolFamily.INET)) {
			other.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			other.bind(ANY_PORT);
			try (UdpServer server = new UdpServer((InetSocketAddress) other.getLocalAddress(), (request) -> {
			}, options(2).allowReusePort(true).build())) {
				assertThat(server.receiverCount()).isEqualTo(2);
			}
		}
	}

	@Test
	void closingReleasesThePortOfEveryReceiver() throws Exception {
		InetSocketAddress address;
		try (UdpServer server = new UdpServer(ANY_PORT, (request) -> {
		}, options(3).build()); Serving serving = Serving.start(server)) {
			address = (InetSocketAddress) server.serverAddress();
		}
		try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET)) {
			// Without any reuse option: fails if a single socket still holds the port.
			probe.bind(address);
		}
	}

	@Test
	void aDrainHandlesWhatEveryReceiverHeldBeforeIt() throws Exception {
		List<String> handled = new CopyOnWriteArrayList<>();
		AtomicInteger entered = new AtomicInteger();
		CountDownLatch release = new CountDownLatch(1);
		DatagramRequestHandler holding = (request) -> {
			entered.incrementAndGet();
			release.await(10, TimeUnit.SECONDS);
			handled.add(new String(request.packet(), StandardCharsets.UTF_8));
		};
		try (UdpServer server = new UdpServer(ANY_PORT, holding, options(2).build());
				Serving serving = Serving.start(server)) {
			List<SocketTestClient> clients = clients(server.serverAddress());
			try {
				for (int i = 0; i < CLIENTS; i++) {
					clients.get(i).send("held " + i);
				}
				// Both receivers hold a datagram in their handler; the rest wait in their
				// sockets.
				await().atMost(Duration.ofSeconds(10)).until(() -> entered.get() == 2);
				server.drain();
				release.countDown();
				assertThat(server.shutdown(Duration.ofSeconds(10))).isTrue();
				assertThat(handled).containsExactlyInAnyOrderElementsOf(
						IntStream.range(0, CLIENTS).mapToObj((i) -> "held " + i).toList());
			}
			finally {
				close(clients);
			}
		}
	}

	@Test
	void handleRequestTakesFromEveryReceiver() throws Exception {
		DatagramRequestHandler echo = (request) -> request.wfile().writeBytes(request.packet());
		try (UdpServer server = new UdpServer(ANY_PORT, echo, options(2).timeout(Duration.ofSeconds(10)).build())) {
			List<SocketTestClient> clients = clients(server.serverAddress());
			try {
				for (int i = 0; i < CLIENTS; i++) {
					clients.get(i).send("hello " + i);
					server.handleRequest();
					assertThat(clients.get(i).receiveAsString()).isEqualTo("hello " + i);
				}
			}
			finally {
				close(clients);
			}
		}
	}

	@Test
	void oneReceiverServesOnTheServingThreadAsBefore() throws Exception {
		Set<String> threads = ConcurrentHashMap.newKeySet();
		DatagramRequestHandler echo = (request) -> {
			threads.add(Thread.currentThread().getName());
			request.wfile().writeBytes(request.packet());
		};
		try (UdpServer server = new UdpServer(ANY_PORT, echo, options(1).build());
				Serving serving = Serving.start(server)) {
			assertThat(server.receivers()).hasSize(1);
			List<SocketTestClient> clients = clients(server.serverAddress());
			try {
				for (int i = 0; i < CLIENTS; i++) {
					clients.get(i).send("hello " + i);
					assertThat(clients.get(i).receiveAsString()).isEqualTo("hello " + i);
				}
			}
			finally {
				close(clients);
			}
			assertThat(threads).containsExactly(serving.thread().getName());
		}
	}

	@Test
	void anInheritedSocketKeepsOneReceiver() throws Exception {
		DatagramChannel bound = DatagramChannel.open(StandardProtocolFamily.INET);
		bound.bind(ANY_PORT);
		try (UdpServer server = new UdpServer(bound, () -> (request) -> {
		}, options(4).build())) {
			assertThat(server.receiverCount()).isEqualTo(1);
		}
	}

	@Test
	void aChannelGivenToTheConstructorKeepsOneReceiverAndStaysOpen() throws Exception {
		DatagramRequestHandler echo = (request) -> request.wfile().writeBytes(request.packet());
		DatagramChannel given = DatagramChannel.open(StandardProtocolFamily.INET);
		try (UdpServer server = new ChannelGiven(given, echo, options(4).build());
				Serving serving = Serving.start(server)) {
			assertThat(server.receiverCount()).isEqualTo(1);
			assertThat(given.isOpen()).isTrue();
			try (SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
				client.send("hello");
				assertThat(client.receiveAsString()).isEqualTo("hello");
			}
		}
	}

	@Test
	void aUnixDatagramSocketKeepsOneReceiver(@TempDir Path directory) throws Exception {
		try (UnixDatagramServer server = new UnixDatagramServer(directory.resolve("s.sock"), (request) -> {
		}, options(4).build())) {
			assertThat(server.receiverCount()).isEqualTo(1);
		}
	}

	private static ServerOptions.Builder options(int receivers) {
		return ServerOptions.builder()
			.name("receivers")
			.threading(TestThreading.of("sync"))
			.datagramReceivers(receivers);
	}

	/**
	 * Clients of different source ports, which the kernel spreads over the receivers.
	 */
	private static List<SocketTestClient> clients(SocketAddress server) throws IOException {
		List<SocketTestClient> clients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			clients.add(SocketTestClient.datagram(server));
		}
		return clients;
	}

	private static void close(List<SocketTestClient> clients) throws IOException {
		for (SocketTestClient client : clients) {
			client.close();
		}
	}

	private static Process startPortHolder() throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
				PortHolder.class.getName())
			.redirectErrorStream(true)
			.start();
	}

	private static int portOf(Process holder) throws IOException {
		BufferedReader lines = new BufferedReader(
				new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
		for (String line = lines.readLine(); line != null; line = lines.readLine()) {
			if (line.startsWith("PORT ")) {
				return Integer.parseInt(line.substring(5).trim());
			}
		}
		throw new IllegalStateException("The port holder ended without a port");
	}

	/**
	 * A server on a channel its subclass opened: that channel is the only one it has.
	 */
	private static final class ChannelGiven extends UdpServer {

		ChannelGiven(DatagramChannel channel, DatagramRequestHandler handler, ServerOptions options)
				throws IOException {
			super(channel, ANY_PORT, AddressFamily.INET, () -> handler, options, true);
		}

	}

	/**
	 * Counts the requests that finished, whichever receiver took them.
	 */
	private static final class Finished implements SocketServerListener {

		final AtomicInteger count = new AtomicInteger();

		@Override
		public void requestFinished(Request request, @Nullable Object state, @Nullable Throwable failure,
				long durationNanos) {
			this.count.incrementAndGet();
		}

	}

}
