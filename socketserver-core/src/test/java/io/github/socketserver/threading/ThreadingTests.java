package io.github.socketserver.threading;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketserver.EchoHandlers;
import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.TestThreading;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The threading modes {@code sync}, {@code thread}, {@code virtual} and {@code pool}
 * through a real TCP server: which thread runs a request, how many run at once, that no
 * thread outlives the server, and how closing treats requests in flight.
 */
class ThreadingTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@BeforeAll
	static void pollOften() {
		Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
	}

	@AfterAll
	static void resetAwaitility() {
		Awaitility.reset();
	}

	private final List<Exception> errors = new CopyOnWriteArrayList<>();

	private final RecordingListener listener = new RecordingListener();

	private ServerOptions.Builder options(String mode) {
		return ServerOptions.builder()
			.name("threading-" + mode)
			.threading(TestThreading.of(mode))
			.listener(this.listener)
			.errorHandler((request, exception) -> this.errors.add(exception));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "thread", "virtual", "pool" })
	void runsRequestsOnTheThreadsOfTheMode(String mode) throws IOException {
		AtomicReference<Thread> ran = new AtomicReference<>();
		StreamRequestHandler record = (request) -> ran.set(Thread.currentThread());
		try (TcpServer server = new TcpServer(LOOPBACK, record, options(mode).build());
				Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				assertThat(client.readToEnd()).isEmpty();
			}
			await().atMost(TIMEOUT).until(() -> ran.get() != null);
			Thread thread = ran.get();
			assertThat(isVirtual(thread)).isEqualTo(mode.equals("virtual"));
			if (mode.equals("sync")) {
				assertThat(thread).isSameAs(serving.thread());
			}
			else {
				assertThat(thread.getName()).matches("socketserver-threading-" + mode + "-\\d+");
				assertThat(thread.isDaemon()).isEqualTo(mode.equals("virtual"));
			}
		}
	}

	@Test
	void syncServesOneRequestAtATime() throws Exception {
		List<String> events = new CopyOnWriteArrayList<>();
		CountDownLatch release = new CountDownLatch(1);
		StreamRequestHandler handler = (request) -> {
			String name = request.rfile().readLine();
			events.add("start " + name);
			if (name.equals("1") && !release.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("never released");
			}
			events.add("end " + name);
			request.wfile().write(name + "\n");
		};
		try (TcpServer server = new TcpServer(LOOPBACK, handler, options("sync").build());
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress());
				SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
			first.send("1\n");
			await().atMost(TIMEOUT).until(() -> events.contains("start 1"));
			second.send("2\n");
			// The second client is connected and has sent its line: it still waits.
			await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> events.size() == 1);
			release.countDown();
			assertThat(second.readLine()).isEqualTo("2");
			assertThat(first.readLine()).isEqualTo("1");
			assertThat(events).containsExactly("start 1", "end 1", "start 2", "end 2");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "thread", "virtual", "pool" })
	void concurrentModesServeTwoBlockedHandlersAtOnce(String mode) throws Exception {
		CyclicBarrier bothRunning = new CyclicBarrier(2);
		StreamRequestHandler meet = (request) -> {
			bothRunning.await(10, TimeUnit.SECONDS);
			request.wfile().write("met\n");
		};
		try (TcpServer server = new TcpServer(LOOPBACK, meet, options(mode).build());
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress());
				SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
			assertThat(first.readLine()).isEqualTo("met");
			assertThat(second.readLine()).isEqualTo("met");
		}
		assertThat(this.errors).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "thread", "virtual", "pool" })
	void noThreadOutlivesTheServer(String mode) throws IOException {
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		StreamRequestHandler record = (request) -> {
			threads.add(Thread.currentThread());
			EchoHandlers.LINE_ECHO.handle(request);
		};
		TcpServer server = new TcpServer(LOOPBACK, record, options(mode).build());
		try (Serving serving = Serving.start(server)) {
			for (int i = 0; i < 3; i++) {
				try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
					client.send("ping\n");
					assertThat(client.readLine()).isEqualTo("ping");
				}
			}
			await().atMost(TIMEOUT).until(() -> threads.size() >= 1 && server.activeRequests() == 0);
		}
		assertThat(server.isClosed()).isTrue();
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(threads).noneMatch(Thread::isAlive);
			assertThat(Thread.getAllStackTraces().keySet())
				.noneMatch((thread) -> thread.getName().startsWith("socketserver-threading-" + mode + "-"));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "thread", "virtual", "pool" })
	void closeWaitsForTheRequestInFlightWhenBlockOnClose(String mode) throws Exception {
		List<String> events = new CopyOnWriteArrayList<>();
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		StreamRequestHandler blocking = (request) -> {
			entered.countDown();
			events.add(release.await(10, TimeUnit.SECONDS) ? "handled" : "never released");
		};
		ServerOptions options = options(mode).shutdownTimeout(TIMEOUT).build();
		TcpServer server = new TcpServer(LOOPBACK, blocking, options);
		assertThat(server.threading().blockOnClose()).isTrue();
		try (Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
			Thread closer = new Thread(() -> {
				server.close();
				events.add("closed");
			}, "test-closer");
			closer.start();
			await().atMost(TIMEOUT).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
			assertThat(events).isEmpty();
			assertThat(server.activeRequests()).isOne();
			release.countDown();
			closer.join(TIMEOUT.toMillis());
			assertThat(closer.isAlive()).isFalse();
			assertThat(events).containsExactly("handled", "closed");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "thread", "virtual", "pool" })
	void closeLeavesTheRequestInFlightRunningWithoutBlockOnClose(String mode) throws Exception {
		List<String> events = new CopyOnWriteArrayList<>();
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		StreamRequestHandler blocking = (request) -> {
			entered.countDown();
			events.add(release.await(10, TimeUnit.SECONDS) ? "handled" : "never released");
		};
		ServerOptions.Builder builder = options(mode);
		ServerOptions options = builder.threading(builder.build().threading().blockOnClose(false)).build();
		TcpServer server = new TcpServer(LOOPBACK, blocking, options);
		try (Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
			server.close();
			assertThat(server.isClosed()).isTrue();
			assertThat(events).isEmpty();
			assertThat(server.activeRequests()).isOne();
			release.countDown();
			await().atMost(TIMEOUT).until(() -> server.activeRequests() == 0);
			assertThat(events).containsExactly("handled");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "thread", "virtual", "pool" })
	void closeWithAGracePeriodCutsAHandlerThatBlocksForever(String mode) throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		StreamRequestHandler forever = (request) -> {
			entered.countDown();
			request.rfile().readLine();
		};
		TcpServer server = new TcpServer(LOOPBACK, forever, options(mode).build());
		try (Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
			Duration grace = Duration.ofMillis(300);
			long start = System.nanoTime();
			server.close(grace);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(took).isGreaterThanOrEqualTo(grace).isLessThan(grace.plusSeconds(5));
			await().atMost(TIMEOUT).until(() -> server.activeRequests() == 0);
			assertThat(client.readToEnd()).isEmpty();
		}
	}

	@Test
	void poolWithOneThreadAndNoQueueRefusesASecondConcurrentRequestAndGoesOn() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<Thread> worker = new AtomicReference<>();
		AtomicInteger handled = new AtomicInteger();
		StreamRequestHandler handler = (request) -> {
			worker.set(Thread.currentThread());
			if (handled.incrementAndGet() == 1) {
				entered.countDown();
				release.await(10, TimeUnit.SECONDS);
			}
			request.wfile().write("served\n");
		};
		ServerOptions options = options("pool").threading(Threading.pool(1, 0)).build();
		try (TcpServer server = new TcpServer(LOOPBACK, handler, options);
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress())) {
			assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
			try (SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
				assertThat(second.readToEnd()).isEmpty();
			}
			assertThat(this.listener.rejections).containsExactly(SocketServerListener.Rejection.QUEUE_FULL);
			release.countDown();
			assertThat(first.readLine()).isEqualTo("served");
			// The one thread is back in the pool once it waits for the next request.
			await().atMost(TIMEOUT).until(() -> worker.get().getState() == Thread.State.TIMED_WAITING);
			try (SocketTestClient third = SocketTestClient.connect(server.serverAddress())) {
				assertThat(third.readLine()).isEqualTo("served");
			}
			assertThat(handled).hasValue(2);
			assertThat(this.listener.rejections).hasSize(1);
		}
	}

	@Test
	void poolWithOneThreadAndNoQueueServesClientsThatComeOneAfterAnother() throws IOException {
		ServerOptions options = options("pool").threading(Threading.pool(1, 0)).build();
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server)) {
			for (int i = 0; i < 200; i++) {
				try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
					client.send("turn " + i + "\n");
					client.shutdownOutput();
					assertThat(client.readLine()).isEqualTo("turn " + i);
					assertThat(client.readLine()).isNull();
				}
			}
		}
		assertThat(this.listener.rejections).isEmpty();
	}

	static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}

}
