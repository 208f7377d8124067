package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketserver.handler.IdleTimeoutException;
import io.github.socketserver.handler.LineTooLongException;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.options.DatagramOptions;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults and bad input against a line-echo TCP server, each while a well-behaved
 * {@link Probe} keeps getting correct answers: the server must contain every failure to
 * the connection that caused it.
 */
class FaultInjectionTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final int MAX_LINE_LENGTH = 8192;

	private final Recorder recorder = new Recorder();

	private final Recorder datagrams = new Recorder();

	private final CountDownLatch released = new CountDownLatch(1);

	private final CountDownLatch blocked = new CountDownLatch(1);

	/**
	 * Echoes lines; "boom" makes it throw, "block" blocks it until the test ends,
	 * ignoring interrupts.
	 */
	private final StreamRequestHandler handler = (request) -> {
		for (String line = request.rfile().readLine(); line != null; line = request.rfile().readLine()) {
			if (line.equals("boom")) {
				throw new IllegalStateException("boom");
			}
			if (line.equals("block")) {
				this.blocked.countDown();
				awaitUninterruptibly(this.released);
			}
			request.wfile().write(line + "\n");
		}
	};

	private LogCapture logs;

	private TcpServer server;

	private Serving serving;

	private Probe probe;

	@BeforeEach
	void startServerAndProbe() throws IOException {
		this.logs = new LogCapture();
		this.server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), this.handler,
				ServerOptions.builder()
					.threading(TestThreading.perRequest())
					.requestQueueSize(128)
					.maxLineLength(MAX_LINE_LENGTH)
					.idleTimeout(Duration.ofSeconds(1))
					.shutdownTimeout(Duration.ofMillis(500))
					.listener(this.recorder)
					.build());
		this.serving = Serving.start(this.server);
		this.probe = new Probe(this.server.serverAddress());
		awaitProbeAnswers(3);
	}

	@AfterEach
	void stop() throws Exception {
		this.released.countDown();
		this.probe.close();
		this.serving.close();
		this.logs.close();
	}

	@Test
	void survivesClientsThatResetMidRequest() throws IOException {
		for (int i = 0; i < 50; i++) {
			try (SocketTestClient client = SocketTestClient.connect(this.server.serverAddress())) {
				client.send("half a li");
				client.setOption(StandardSocketOptions.SO_LINGER, 0);
			}
		}
		await().atMost(WAIT).until(() -> this.recorder.errorsOfType(IOException.class) >= 50);
		awaitProbeAnswers(5);
		assertThat(this.probe.failures()).isEmpty();
	}

	@Test
	void answersClientsThatHalfCloseAndThenEndsTheConnection() throws IOException {
		for (int i = 0; i < 20; i++) {
			try (SocketTestClient client = SocketTestClient.connect(this.server.serverAddress())) {
				client.send("one " + i + "\ntwo " + i);
				client.shutdownOutput();
				assertThat(client.readLine()).isEqualTo("one " + i);
				assertThat(client.readLine()).as("the last line without its end").isEqualTo("two " + i);
				assertThat(client.read()).isEqualTo(-1);
			}
		}
		awaitProbeAnswers(5);
		assertThat(this.probe.failures()).isEmpty();
		assertThat(this.recorder.errors).isEmpty();
	}

	@Test
	void cutsClientsThatConnectAndSendNothing() throws IOException {
		List<SocketTestClient> silent = new ArrayList<>();
		try {
			for (int i = 0; i < 20; i++) {
				silent.add(SocketTestClient.connect(this.server.serverAddress()));
			}
			awaitProbeAnswers(5);
			await().atMost(WAIT).until(() -> this.recorder.errorsOfType(IdleTimeoutException.class) == 20);
			for (SocketTestClient client : silent) {
				assertThat(client.read()).as("a silent client is cut").isEqualTo(-1);
			}
		}
		finally {
			for (SocketTestClient client : silent) {
				client.close();
			}
		}
		assertThat(this.probe.failures()).isEmpty();
	}

	@Test
	void survivesRandomBytes() throws IOException {
		Random random = new Random(42);
		int before = this.recorder.finished.get();
		for (int i = 0; i < 20; i++) {
			byte[] garbage = new byte[64 * 1024];
			random.nextBytes(garbage);
			try (SocketTestClient client = SocketTestClient.connect(this.server.serverAddress())) {
				client.send(garbage);
				client.shutdownOutput();
				// What the echo of garbage looks like does not matter; that it ends does.
				client.readToEnd();
			}
		}
		await().atMost(WAIT).until(() -> this.recorder.finished.get() >= before + 20);
		awaitProbeAnswers(5);
		assertThat(this.probe.failures()).isEmpty();
	}

	@Test
	void cutsATenMebibyteLineWithoutReadingIt() throws Exception {
		long before = this.recorder.received.get();
		AtomicReference<Throwable> writeFailure = new AtomicReference<>();
		try (SocketTestClient client = SocketTestClient.connect(this.server.serverAddress())) {
			Thread writer = new Thread(() -> {
				byte[] chunk = new byte[64 * 1024];
				Arrays.fill(chunk, (byte) 'a');
				try {
					for (int i = 0; i < 160; i++) {
						client.send(chunk);
					}
				}
				catch (IOException ex) {
					writeFailure.set(ex);
				}
			}, "test-long-line");
			writer.start();
			await().atMost(WAIT).until(() -> this.recorder.errorsOfType(LineTooLongException.class) == 1);
			assertThat(ended(client)).as("the connection is closed").isTrue();
			writer.join(WAIT.toMillis());
			assertThat(writer.isAlive()).isFalse();
		}
		assertThat(writeFailure.get()).as("the rest of the line is refused").isInstanceOf(IOException.class);
		// A client's fault is one line in the log, not a stack trace.
		assertThat(this.logs.messages())
			.anySatisfy((message) -> assertThat(message).startsWith("Server 'socketserver' ended the request from ")
				.contains("LineTooLongException: Line longer than 8192 bytes"));
		assertThat(this.logs.messages()).noneMatch((message) -> message.startsWith("Exception occurred"));
		// The server read a little past the bound, not the 10 MiB.
		assertThat(this.recorder.received.get() - before).isLessThan(1024 * 1024);
		awaitProbeAnswers(5);
		assertThat(this.probe.failures()).isEmpty();
	}

	@Test
	void aHandlerThatThrowsIsReportedWithItsClientAndOthersGoOn() throws IOException {
		List<String> clients = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			try (SocketTestClient client = SocketTestClient.connect(this.server.serverAddress())) {
				clients.add(String.valueOf(client.localAddress()));
				client.send("boom\n");
				assertThat(client.readLine()).isNull();
			}
		}
		await().atMost(WAIT).until(() -> this.recorder.errorsOfType(IllegalStateException.class) == 10);
		for (String client : clients) {
			assertThat(this.logs.messages()).anySatisfy((message) -> assertThat(message)
				.contains("Exception occurred during processing of request from " + client));
		}
		awaitProbeAnswers(5);
		assertThat(this.probe.failures()).isEmpty();
	}

	@Test
	void closeCompletesWithinTheShutdownTimeoutDespiteAHandlerBlockedForever() throws Exception {
		try (SocketTestClient client = SocketTestClient.connect(this.server.serverAddress())) {
			String address = String.valueOf(client.localAddress());
			client.send("block\n");
			await().atMost(WAIT).until(() -> this.blocked.getCount() == 0);
			Thread closer = new Thread(() -> this.server.close(), "test-closer");
			long start = System.nanoTime();
			closer.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> !closer.isAlive());
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
			assertThat(client.readLine()).as("the blocked request is cut").isNull();
			assertThat(this.logs.messages())
				.anySatisfy((message) -> assertThat(message).contains("cut the request from " + address));
		}
	}

	@Test
	void aFullPoolRefusesAConnectionAsARefusalNotAnError() throws Exception {
		Recorder pooled = new Recorder();
		try (TcpServer small = new TcpServer(new InetSocketAddress("127.0.0.1", 0), this.handler,
				ServerOptions.builder().threading(Threading.pool(1, 0)).listener(pooled).build());
				Serving smallServing = Serving.start(small);
				SocketTestClient holder = SocketTestClient.connect(small.serverAddress())) {
			holder.send("block\n");
			await().atMost(WAIT).until(() -> this.blocked.getCount() == 0);
			try (SocketTestClient refused = SocketTestClient.connect(small.serverAddress())) {
				String address = String.valueOf(refused.localAddress());
				assertThat(ended(refused)).isTrue();
				await().atMost(WAIT).until(() -> pooled.rejections.size() == 1);
				assertThat(pooled.rejections).containsExactly(SocketServerListener.Rejection.QUEUE_FULL);
				assertThat(this.logs.messages())
					.anySatisfy((message) -> assertThat(message).contains("refused the request from " + address));
			}
			this.released.countDown();
			assertThat(holder.readLine()).isEqualTo("block");
			assertThat(pooled.errors).as("a refusal is no handler error").isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 512 })
	void datagramServerAnswersPacketsUpToItsMaxSize(int size) throws IOException {
		try (UdpServer udp = new UdpServer(new InetSocketAddress("127.0.0.1", 0), EchoHandlers.DATAGRAM_ECHO,
				ServerOptions.builder().maxPacketSize(512).listener(this.datagrams).build());
				Serving udpServing = Serving.start(udp)) {
			byte[] payload = new byte[size];
			new Random(size).nextBytes(payload);
			int before = this.datagrams.finished.get();
			if (size > 0) {
				try (SocketTestClient client = SocketTestClient.datagram(udp.serverAddress())) {
					client.send(payload);
					assertThat(client.receive()).isEqualTo(payload);
				}
			}
			else {
				// An empty reply is not sent: the empty datagram is handled and answered
				// by nothing.
				sendDatagram(udp, payload);
				await().atMost(WAIT).until(() -> this.datagrams.finished.get() == before + 1);
			}
			assertThat(this.datagrams.errors).isEmpty();
		}
	}

	@Test
	void eachTakeDropsAtMostOneOversizedDatagramSoAFloodCannotHoldTheLoop() throws IOException {
		try (UdpServer udp = new UdpServer(new InetSocketAddress("127.0.0.1", 0), EchoHandlers.DATAGRAM_ECHO,
				ServerOptions.builder().maxPacketSize(512).listener(this.datagrams).build())) {
			sendDatagram(udp, new byte[1024]);
			sendDatagram(udp, new byte[1024]);
			udp.handleRequest();
			assertThat(this.datagrams.dropped).hasValue(1);
			udp.handleRequest();
			assertThat(this.datagrams.dropped).hasValue(2);
		}
	}

	@Test
	void datagramServerTruncatesOversizedPacketsAsPythonDoesWhenAsked() throws IOException {
		StringBuilder received = new StringBuilder();
		try (UdpServer udp = new UdpServer(new InetSocketAddress("127.0.0.1", 0),
				(request) -> request.reply(String.valueOf(request.packet().length).getBytes(StandardCharsets.UTF_8)),
				ServerOptions.builder()
					.maxPacketSize(512)
					.oversize(DatagramOptions.Oversize.TRUNCATE)
					.listener(this.datagrams)
					.build());
				Serving udpServing = Serving.start(udp)) {
			try (SocketTestClient client = SocketTestClient.datagram(udp.serverAddress())) {
				client.send(new byte[4096]);
				received.append(client.receiveAsString());
			}
			await().atMost(WAIT).until(() -> this.datagrams.truncated.get() == 1);
		}
		assertThat(received).hasToString("512");
		assertThat(this.datagrams.dropped).hasValue(0);
		assertThat(this.logs.messages()).anySatisfy((message) -> assertThat(message).contains("truncated a datagram"));
	}

	@Test
	void datagramServerDropsOversizedPacketsAndGoesOn() throws IOException {
		try (UdpServer udp = new UdpServer(new InetSocketAddress("127.0.0.1", 0), EchoHandlers.DATAGRAM_ECHO,
				ServerOptions.builder().maxPacketSize(512).listener(this.datagrams).build());
				Serving udpServing = Serving.start(udp)) {
			for (int size : new int[] { 513, 4096, 65_507 }) {
				sendDatagram(udp, new byte[size]);
			}
			await().atMost(WAIT).until(() -> this.datagrams.dropped.get() == 3);
			byte[] probe = "still here".getBytes(StandardCharsets.UTF_8);
			try (SocketTestClient client = SocketTestClient.datagram(udp.serverAddress())) {
				client.send(probe);
				assertThat(client.receive()).isEqualTo(probe);
			}
			assertThat(this.logs.messages()).filteredOn((message) -> message.contains("dropped a datagram from"))
				.singleElement()
				.satisfies((message) -> assertThat(message).contains("(1 oversized since the last report)"));
			assertThat(this.datagrams.truncated).hasValue(0);
			// The reply goes out before the request is counted finished.
			await().atMost(WAIT).until(() -> this.datagrams.finished.get() == 1);
			assertThat(this.datagrams.finished).hasValue(1);
		}
	}

	private static void sendDatagram(UdpServer udp, byte[] payload) throws IOException {
		try (SocketTestClient client = SocketTestClient.datagram(udp.serverAddress())) {
			client.send(payload);
		}
	}

	/**
	 * Whether the server ended the connection: an end of stream, or a reset when it
	 * closed with input unread, which the client reads as an end too.
	 */
	private static boolean ended(SocketTestClient client) throws IOException {
		return client.read() == -1;
	}

	private void awaitProbeAnswers(int more) {
		int target = this.probe.answered() + more;
		await().atMost(WAIT).until(() -> this.probe.answered() >= target || !this.probe.failures().isEmpty());
		assertThat(this.probe.failures()).isEmpty();
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		boolean interrupted = false;
		while (latch.getCount() > 0) {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

}
