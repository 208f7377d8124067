package io.github.socketserver.fork;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.socketserver.BaseServer;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ForkingMixIn's behaviours for a server in the fork mode: at most {@code max-children}
 * children, a bounded wait for one to end, close that waits for the children or kills
 * them after its timeout, and no zombie left.
 */
@Timeout(60)
class ForkServerTests {

	private static final int CLIENTS = 100;

	private static final int MAX_CHILDREN = 4;

	private final ChildRecorder recorder = new ChildRecorder();

	@Test
	void runsAtMostMaxChildrenAtOnceUnderOneHundredClients() throws Exception {
		ServerOptions options = options(Threading.fork(MAX_CHILDREN, Duration.ofSeconds(30))).requestQueueSize(128)
			.build();
		CountDownLatch go = new CountDownLatch(1);
		AtomicBoolean sampling = new AtomicBoolean(true);
		AtomicLong processPeak = new AtomicLong();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try (BaseServer<?> server = tcpServer(ChildCommand.of("cat"), options);
				Serving serving = Serving.start(server)) {
			// Counts the live children of this JVM as the operating system sees them.
			Thread sampler = new Thread(() -> {
				while (sampling.get()) {
					processPeak.accumulateAndGet(ProcessHandle.current().children().count(), Math::max);
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
				}
			}, "test-child-sampler");
			sampler.start();
			List<Future<String>> replies = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				String line = "client " + i;
				replies.add(clients.submit(() -> {
					try (SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
						go.await();
						connection.send(line + "\n");
						connection.shutdownOutput();
						return connection.readLine() + "|" + connection.readLine();
					}
				}));
			}
			// Every client is connected and waits: the cats cannot end, the slots fill.
			await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.alive.get() == MAX_CHILDREN);
			assertThat(ProcessHandle.current().children().count()).isEqualTo(MAX_CHILDREN);
			go.countDown();
			for (int i = 0; i < CLIENTS; i++) {
				assertThat(replies.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("client " + i + "|null");
			}
			this.recorder.awaitAllExited();
			sampling.set(false);
			sampler.join();
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(this.recorder.peak).hasValue(MAX_CHILDREN);
		assertThat(processPeak.get()).isBetween(1L, (long) MAX_CHILDREN);
		assertThat(this.recorder.started).hasSize(CLIENTS);
		assertThat(this.recorder.exits.values()).containsOnly(new ChildRecorder.Exit(0, false));
		assertThat(this.recorder.rejections).isEmpty();
		this.recorder.assertNoChildLeft();
	}

	@Test
	void refusesARequestWhenNoChildEndsWithinTheWait() throws Exception {
		ServerOptions options = options(Threading.fork(1, Duration.ofMillis(300))).build();
		try (BaseServer<?> server = tcpServer(ChildCommand.of("cat"), options);
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress())) {
			first.send("holding the only child\n");
			assertThat(first.readLine()).isEqualTo("holding the only child");
			try (SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
				assertThat(second.readToEnd()).isEmpty();
			}
			assertThat(this.recorder.rejections).containsExactly(Rejection.LIMIT);
			assertThat(this.recorder.started).hasSize(1);
			first.send("still served\n");
			assertThat(first.readLine()).isEqualTo("still served");
		}
	}

	/**
	 * With the only child busy, requests that wait for it do not hold the accept loop:
	 * further connections are accepted meanwhile, and each is served in turn. The wait is
	 * far longer than the bounds of the test, so an accept loop held by it would fail.
	 */
	@Test
	void waitingForAChildNeverBlocksTheAcceptLoop() throws Exception {
		ServerOptions options = options(Threading.fork(1, Duration.ofSeconds(120))).build();
		try (BaseServer<?> server = tcpServer(ChildCommand.of("cat"), options);
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress())) {
			first.send("holding the only child\n");
			assertThat(first.readLine()).isEqualTo("holding the only child");
			List<SocketTestClient> waiting = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					SocketTestClient client = SocketTestClient.connect(server.serverAddress());
					waiting.add(client);
					client.send("waited " + i + "\n");
					client.shutdownOutput();
					int opened = i + 2;
					await().atMost(Duration.ofSeconds(20)).until(() -> this.recorder.opened.size() == opened);
				}
				assertThat(this.recorder.started).hasSize(1);
				first.shutdownOutput();
				assertThat(first.readToEnd()).isEmpty();
				for (int i = 0; i < 3; i++) {
					assertThat(waiting.get(i).readLine()).isEqualTo("waited " + i);
				}
			}
			finally {
				for (SocketTestClient client : waiting) {
					client.close();
				}
			}
			this.recorder.awaitAllExited();
			assertThat(this.recorder.started).hasSize(4);
			assertThat(this.recorder.peak).hasValue(1);
			assertThat(this.recorder.rejections).isEmpty();
		}
	}

	@Test
	void servesARequestThatWaitedForAChildToEnd() throws Exception {
		ServerOptions options = options(Threading.fork(1, Duration.ofSeconds(30))).build();
		try (BaseServer<?> server = tcpServer(ChildCommand.of("cat"), options);
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress());
				SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
			first.send("first\n");
			assertThat(first.readLine()).isEqualTo("first");
			second.send("second\n");
			second.shutdownOutput();
			assertThat(this.recorder.started).hasSize(1);
			first.shutdownOutput();
			assertThat(first.readToEnd()).isEmpty();
			assertThat(second.readLine()).isEqualTo("second");
			this.recorder.awaitAllExited();
			assertThat(this.recorder.peak).hasValue(1);
			assertThat(this.recorder.rejections).isEmpty();
		}
	}

	@Test
	void oneChildWithoutWaitServesClientsThatComeOneAfterAnother() throws Exception {
		ServerOptions options = options(Threading.fork(1, Duration.ZERO)).build();
		try (BaseServer<?> server = tcpServer(ChildCommand.of("cat"), options);
				Serving serving = Serving.start(server)) {
			for (int i = 0; i < CLIENTS; i++) {
				try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
					client.send("turn " + i + "\n");
					client.shutdownOutput();
					assertThat(client.readLine()).isEqualTo("turn " + i);
					assertThat(client.readLine()).isNull();
				}
			}
			this.recorder.awaitAllExited();
		}
		assertThat(this.recorder.rejections).isEmpty();
		assertThat(this.recorder.started).hasSize(CLIENTS);
		assertThat(this.recorder.peak).hasValue(1);
		this.recorder.assertNoChildLeft();
	}

	@Test
	void failedRequestsGiveTheirChildSlotBackOnce() throws Exception {
		int failing = 20;
		ServerOptions options = options(Threading.fork(1, Duration.ZERO)).build();
		try (BaseServer<?> server = tcpServer(ChildCommand.of("sh", "-c", "head -n 1; exit 3"), options);
				Serving serving = Serving.start(server)) {
			for (int i = 0; i < failing; i++) {
				try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
					client.send("turn " + i + "\n");
					assertThat(client.readLine()).isEqualTo("turn " + i);
					assertThat(client.readLine()).isNull();
				}
			}
			assertThat(this.recorder.rejections).isEmpty();
			// Still one slot: a child waiting for its line leaves none to spare.
			try (SocketTestClient holding = SocketTestClient.connect(server.serverAddress())) {
				await().atMost(Duration.ofSeconds(10)).until(() -> this.recorder.started.size() == failing + 1);
				try (SocketTestClient refused = SocketTestClient.connect(server.serverAddress())) {
					assertThat(refused.readToEnd()).isEmpty();
				}
				assertThat(this.recorder.rejections).containsExactly(Rejection.LIMIT);
				holding.send("last\n");
				assertThat(holding.readLine()).isEqualTo("last");
			}
			this.recorder.awaitAllExited();
		}
		assertThat(this.recorder.exits.values()).hasSize(failing + 1).containsOnly(new ChildRecorder.Exit(3, false));
		assertThat(this.recorder.errors).hasSize(failing + 1)
			.allSatisfy((error) -> assertThat(error).isInstanceOf(ChildExitException.class));
	}

	@Test
	void closeWaitsForTheChildrenWhenBlockOnClose() throws Exception {
		ServerOptions options = options(Threading.fork(MAX_CHILDREN, Duration.ofSeconds(10)))
			.shutdownTimeout(Duration.ofSeconds(20))
			.build();
		BaseServer<?> server = tcpServer(ChildCommand.of("cat"), options);
		AtomicInteger exitsWhenCloseReturned = new AtomicInteger(-1);
		try (Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			connection.send("before close\n");
			assertThat(connection.readLine()).isEqualTo("before close");
			Thread closer = new Thread(() -> {
				server.shutdown();
				server.close();
				exitsWhenCloseReturned.set(this.recorder.exits.size());
			}, "test-closer");
			closer.start();
			await().atMost(Duration.ofSeconds(10)).until(server::isClosed);
			// The child lives on and serves while close waits for it.
			connection.send("after close\n");
			assertThat(connection.readLine()).isEqualTo("after close");
			connection.shutdownOutput();
			assertThat(connection.readToEnd()).isEmpty();
			closer.join(10_000);
			assertThat(closer.isAlive()).isFalse();
		}
		assertThat(exitsWhenCloseReturned).hasValue(1);
		assertThat(this.recorder.exits.values()).containsExactly(new ChildRecorder.Exit(0, false));
		this.recorder.assertNoChildLeft();
	}

	@Test
	void closeKillsTheChildrenStillRunningAfterItsTimeout() throws Exception {
		ServerOptions options = options(Threading.fork(MAX_CHILDREN, Duration.ofSeconds(10)))
			.shutdownTimeout(Duration.ofMillis(500))
			.build();
		BaseServer<?> server = tcpServer(ChildCommand.of("sh", "-c", "echo started; sleep 30"), options);
		try (Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			assertThat(connection.readLine()).isEqualTo("started");
			long pid = this.recorder.started.get(0);
			server.shutdown();
			server.close();
			this.recorder.awaitAllExited();
			assertThat(this.recorder.exits.get(pid)).isNotNull()
				.satisfies((exit) -> assertThat(exit.killed()).isTrue());
			assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
			assertThat(connection.readToEnd()).isEmpty();
		}
		this.recorder.assertNoChildLeft();
	}

	@Test
	void closeLeavesTheChildrenRunningWithoutBlockOnClose() throws Exception {
		ServerOptions options = options(Threading.fork(MAX_CHILDREN, Duration.ofSeconds(10)).blockOnClose(false))
			.build();
		BaseServer<?> server = tcpServer(ChildCommand.of("cat"), options);
		try (Serving serving = Serving.start(server);
				SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
			connection.send("before close\n");
			assertThat(connection.readLine()).isEqualTo("before close");
			server.shutdown();
			server.close();
			assertThat(this.recorder.exits).isEmpty();
			connection.send("after close\n");
			assertThat(connection.readLine()).isEqualTo("after close");
			connection.shutdownOutput();
			assertThat(connection.readToEnd()).isEmpty();
			this.recorder.awaitAllExited();
			assertThat(this.recorder.exits.values()).containsExactly(new ChildRecorder.Exit(0, false));
		}
		this.recorder.assertNoChildLeft();
	}

	private ServerOptions.Builder options(Threading threading) {
		return ServerOptions.builder().name("forking").threading(threading).listener(this.recorder);
	}

	private static BaseServer<?> tcpServer(ChildCommand command, ServerOptions options) throws IOException {
		return new TcpServer(new InetSocketAddress("127.0.0.1", 0),
				new StreamCommandHandler(command, options.listener()), options);
	}

}
