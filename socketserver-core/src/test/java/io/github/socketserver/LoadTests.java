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
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
		ServerOptions options = ServerOptions.builder()
			.threading(TestThreading.virtual())
			.requestQueueSize(1024)
			.listener(this.recorder)
			.build();
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server)) {
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
					try (SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
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
		ServerOptions options = ServerOptions.builder()
			.threading(DEFAULT_POOL)
			.requestQueueSize(1024)
			.listener(this.recorder)
			.build();
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server)) {
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
								try (SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
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
			// None refused is a pass too: the queue may keep up with every client.
			assertThat(this.recorder.rejections).allMatch(SocketServerListener.Rejection.QUEUE_FULL::equals);
		}
	}

	/**
	 * Ten thousand connections held at once in virtual mode, each with a checked answer
	 * while all are open. The server runs in a child JVM so that each end has its own
	 * descriptor limit (this machine allows 20,000 a process).
	 */
	@Test
	void tenThousandConcurrentConnectionsInVirtualMode() throws Exception {
		int connections = 10_000;
		assumeTrue(Threading.isVirtualAvailable(), "virtual threads need Java 21 or newer");
		UnixOperatingSystemMXBean system = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		assumeTrue(system.getMaxFileDescriptorCount() - system.getOpenFileDescriptorCount() > connections + 500,
				"the descriptor limit does not allow 10,000 connections");
		List<SocketTestClient> clients = new ArrayList<>(connections);
		try (ChildServer server = ChildServer.start(0, 4096, WAIT)) {
			for (int i = 0; i < connections; i++) {
				clients.add(SocketTestClient.connect(server.address()));
			}
			for (int i = 0; i < connections; i++) {
				clients.get(i).send("connection " + i + "\n");
			}
			for (int i = 0; i < connections; i++) {
				assertThat(clients.get(i).readLine()).isEqualTo("connection " + i);
			}
			closeAll(clients);
			assertThat(server.isAlive()).isTrue();
			assertThat(server.output()).noneMatch((line) -> line.contains("ERROR") || line.contains("WARN"));
		}
		finally {
			closeAll(clients);
		}
	}

	private static void closeAll(List<SocketTestClient> clients) throws IOException {
		for (SocketTestClient client : clients) {
			client.close();
		}
	}

	private static void startClient(Runnable client) {
		Thread thread = new Thread(null, client, "test-load-client", 256 * 1024);
		thread.setDaemon(true);
		thread.start();
	}

}
