package io.github.socketserver;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.management.UnixOperatingSystemMXBean;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounded load over loopback: many concurrent clients doing checked request/response,
 * with no error and no lost or corrupted answer.
 */
class LoadTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	/**
	 * The pool the Spring side gives a server by default (SocketServerFactory).
	 */
	private static final Threading DEFAULT_POOL = Threading.pool(200, 100);

	private final Recorder recorder = new Recorder();

	@Test
	void aThousandConcurrentClientsInVirtualModeHoldTheirConnectionsAndGetEveryAnswer() throws Exception {
		ServerOptions options = new ServerOptions().threading(Threading.virtual())
			.requestQueueSize(1024)
			.listener(this.recorder);
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTests.LINE_ECHO,
				options); Serving serving = Serving.start(server)) {
			int clients = 1000;
			int exchanges = 10;
			CountDownLatch connected = new CountDownLatch(clients);
			CountDownLatch go = new CountDownLatch(1);
			List<String> failures = new CopyOnWriteArrayList<>();
			AtomicInteger answered = new AtomicInteger();
			CountDownLatch done = new CountDownLatch(clients);
			for (int c = 0; c < clients; c++) {
				int client = c;
				startClient(() -> {
					try (Clients.Connection connection = Clients.connect(server)) {
						connected.countDown();
						go.await(WAIT.toSeconds(), TimeUnit.SECONDS);
						for (int i = 0; i < exchanges; i++) {
							String line = "client " + client + " request " + i;
							connection.send(line + "\n");
							String answer = connection.readLine();
							if (line.equals(answer)) {
								answered.incrementAndGet();
							}
							else {
								failures.add(line + " answered " + answer);
							}
						}
					}
					catch (Exception ex) {
						failures.add("client " + client + " failed with " + ex);
					}
					finally {
						done.countDown();
					}
				});
			}
			assertThat(connected.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			await().atMost(WAIT).until(() -> server.activeRequests() == clients);
			go.countDown();
			assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(failures).isEmpty();
			assertThat(answered).hasValue(clients * exchanges);
			assertThat(this.recorder.errors).isEmpty();
			assertThat(this.recorder.rejections).isEmpty();
		}
	}

	/**
	 * The default pool holds 200 connections running and 100 waiting; past that a
	 * connection is refused at once and counted. A thousand clients each making short
	 * connections must get every answer right, and every refusal the clients see must be
	 * one the server counted: nothing is lost silently.
	 */
	@Test
	void aThousandConcurrentClientsInPoolModeWithTheDefaultCapGetEveryAnswerOrACountedRefusal() throws Exception {
		ServerOptions options = new ServerOptions().threading(DEFAULT_POOL)
			.requestQueueSize(1024)
			.listener(this.recorder);
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTests.LINE_ECHO,
				options); Serving serving = Serving.start(server)) {
			int clients = 1000;
			int exchanges = 5;
			CyclicBarrier start = new CyclicBarrier(clients + 1);
			List<String> failures = new CopyOnWriteArrayList<>();
			AtomicInteger answered = new AtomicInteger();
			AtomicInteger refused = new AtomicInteger();
			CountDownLatch done = new CountDownLatch(clients);
			for (int c = 0; c < clients; c++) {
				int client = c;
				startClient(() -> {
					try {
						start.await(WAIT.toSeconds(), TimeUnit.SECONDS);
						for (int i = 0; i < exchanges; i++) {
							String line = "client " + client + " request " + i;
							String answer;
							do {
								try (Clients.Connection connection = Clients.connect(server)) {
									connection.send(line + "\n");
									answer = connection.readLine();
								}
								catch (java.net.SocketException ex) {
									// Refused after the request was sent: a reset.
									answer = null;
								}
								if (answer == null) {
									refused.incrementAndGet();
								}
							}
							while (answer == null);
							if (line.equals(answer)) {
								answered.incrementAndGet();
							}
							else {
								failures.add(line + " answered " + answer);
							}
						}
					}
					catch (Exception ex) {
						failures.add("client " + client + " failed with " + ex);
					}
					finally {
						done.countDown();
					}
				});
			}
			start.await(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			assertThat(failures).isEmpty();
			assertThat(answered).hasValue(clients * exchanges);
			assertThat(this.recorder.errors).isEmpty();
			await().atMost(WAIT).untilAsserted(() -> assertThat(this.recorder.rejections).hasSize(refused.get()));
			assertThat(this.recorder.rejections).containsOnly(SocketServerListener.Rejection.QUEUE_FULL);
		}
	}

	/**
	 * Ten thousand connections held at once in virtual mode, or as many as the descriptor
	 * limit of this JVM allows for both ends, and a checked answer on each.
	 */
	@Test
	void tenThousandConcurrentConnectionsInVirtualMode() throws Exception {
		int connections = connectionsThatFit(10_000);
		ServerOptions options = new ServerOptions().threading(Threading.virtual())
			.requestQueueSize(4096)
			.listener(this.recorder);
		List<Clients.Connection> clients = new ArrayList<>(connections);
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoRoundTripTests.LINE_ECHO,
				options); Serving serving = Serving.start(server)) {
			for (int i = 0; i < connections; i++) {
				clients.add(Clients.connect(server));
			}
			await().atMost(WAIT).until(() -> server.activeRequests() == connections);
			for (int i = 0; i < connections; i++) {
				clients.get(i).send("connection " + i + "\n");
			}
			for (int i = 0; i < connections; i++) {
				assertThat(clients.get(i).readLine()).isEqualTo("connection " + i);
			}
			closeAll(clients);
			// The clients leave first, so that the server ends every request itself.
			await().atMost(WAIT).until(() -> server.activeRequests() == 0);
			assertThat(this.recorder.errors).isEmpty();
			assertThat(this.recorder.rejections).isEmpty();
			assertThat(this.recorder.finished).hasValue(connections);
		}
		finally {
			closeAll(clients);
		}
	}

	/**
	 * How many loopback connections fit, both ends in this JVM, under its descriptor
	 * limit, keeping a margin for the JVM itself.
	 */
	private static int connectionsThatFit(int wanted) {
		UnixOperatingSystemMXBean system = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		long free = system.getMaxFileDescriptorCount() - system.getOpenFileDescriptorCount() - 1000;
		return (int) Math.min(wanted, free / 2);
	}

	private static void closeAll(List<Clients.Connection> clients) throws IOException {
		for (Clients.Connection client : clients) {
			client.close();
		}
	}

	private static void startClient(Runnable client) {
		Thread thread = new Thread(null, client, "test-load-client", 256 * 1024);
		thread.setDaemon(true);
		thread.start();
	}

}
