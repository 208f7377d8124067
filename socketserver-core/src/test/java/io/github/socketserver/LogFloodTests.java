package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Log lines any client can cause come at a bounded rate per server and kind: a flood of
 * thousands makes a few lines, while the first of each kind is always logged, naming its
 * client.
 */
class LogFloodTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int BATCH = 25;

	@Test
	void tenThousandOversizeDatagramsMakeAFewLinesTheFirstNamingTheClient() throws IOException {
		RecordingListener listener = new RecordingListener();
		ServerOptions options = ServerOptions.builder().name("flood").maxPacketSize(512).listener(listener).build();
		long start = System.nanoTime();
		try (LogCapture logs = new LogCapture();
				UdpServer server = new UdpServer(LOOPBACK, EchoHandlers.DATAGRAM_ECHO, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			byte[] oversize = new byte[600];
			// In batches the receive buffer holds, so that the kernel drops none of them.
			for (int batch = 1; batch <= 10_000 / BATCH; batch++) {
				for (int i = 0; i < BATCH; i++) {
					client.send(oversize);
				}
				int sent = batch * BATCH;
				await().atMost(WAIT)
					.pollInterval(Duration.ofMillis(2))
					.until(() -> listener.datagramsDropped.get() == sent);
			}
			client.send("still here".getBytes(StandardCharsets.US_ASCII));
			assertThat(client.receiveAsString()).isEqualTo("still here");
			long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
			List<String> lines = lines(logs, "a datagram from");
			System.out.printf("10,000 oversize datagrams in %d s: %d log lines%n", seconds, lines.size());
			assertThat(lines).as("lines for 10,000 datagrams in %d s", seconds)
				.hasSizeLessThanOrEqualTo(2 + (int) seconds);
			assertThat(lines.get(0)).contains("dropped a datagram from " + clientAddress(client))
				.endsWith("(1 oversized since the last report)");
		}
	}

	@Test
	void theFirstFaultOfEachKindIsLoggedNamingItsClient() throws IOException {
		ServerOptions options = ServerOptions.builder()
			.name("kinds")
			.threading(Threading.thread())
			.maxLineLength(16)
			// Long enough for the long line, sent once both are connected, to come first
			// on a loaded machine.
			.readTimeout(Duration.ofSeconds(1))
			.build();
		try (LogCapture logs = new LogCapture();
				TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server);
				SocketTestClient tooLong = SocketTestClient.connect(server.serverAddress());
				SocketTestClient silent = SocketTestClient.connect(server.serverAddress())) {
			String tooLongAddress = clientAddress(tooLong);
			String silentAddress = clientAddress(silent);
			tooLong.send("a line longer than sixteen bytes\n");
			assertThat(tooLong.readToEnd()).isEmpty();
			assertThat(silent.readToEnd()).isEmpty();
			await().atMost(WAIT).until(() -> lines(logs, "ended the request from").size() == 2);
			assertThat(lines(logs, "ended the request from"))
				.anySatisfy((line) -> assertThat(line).contains(tooLongAddress).contains("LineTooLongException"))
				.anySatisfy((line) -> assertThat(line).contains(silentAddress).contains("SocketTimeoutException"));
		}
	}

	@Test
	void theFirstRefusalOfEachLimitIsLogged() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		ServerOptions options = ServerOptions.builder()
			.name("limits")
			.threading(Threading.thread())
			.maxRequests(2)
			.maxRequestsPerClient(1)
			.build();
		try (LogCapture logs = new LogCapture();
				TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.holdingUntil(release), options);
				Serving serving = Serving.start(server);
				SocketChannel first = connectFrom("127.0.0.1", server);
				SocketChannel sameClient = connectFrom("127.0.0.1", server);
				SocketChannel second = connectFrom("127.0.0.2", server);
				SocketChannel third = connectFrom("127.0.0.3", server)) {
			await().atMost(WAIT).until(() -> lines(logs, "refused the request from").size() == 2);
			assertThat(lines(logs, "refused the request from"))
				.anySatisfy((line) -> assertThat(line).contains("/127.0.0.1:").contains("max requests per client"))
				.anySatisfy((line) -> assertThat(line).contains("/127.0.0.3:").contains("max requests in flight"));
			release.countDown();
		}
	}

	/**
	 * Connects from a loopback address of its own and waits until the server let it in or
	 * closed it.
	 */
	private static SocketChannel connectFrom(String host, TcpServer server) throws IOException {
		SocketChannel channel = SocketChannel.open();
		channel.bind(new InetSocketAddress(host, 0));
		channel.connect(server.serverAddress());
		channel.socket().setSoTimeout(10_000);
		channel.socket().getInputStream().read();
		return channel;
	}

	private static List<String> lines(LogCapture logs, String what) {
		return logs.messages().stream().filter((message) -> message.contains(what)).toList();
	}

	private static String clientAddress(SocketTestClient client) throws IOException {
		SocketAddress address = client.localAddress();
		return address.toString();
	}

}
