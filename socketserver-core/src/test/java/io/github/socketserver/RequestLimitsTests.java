package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The caps on requests in flight, the {@code maxRequests} and
 * {@code maxRequestsPerClient} options, in every threading mode: a request past a cap is
 * closed before a handler sees it and reported as a {@code LIMIT} rejection, and a slot
 * is given back when its request ends.
 */
class RequestLimitsTests {

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

	private final RecordingListener listener = new RecordingListener();

	private final AtomicInteger handled = new AtomicInteger();

	private final CountDownLatch release = new CountDownLatch(1);

	private ServerOptions.Builder options(String mode) {
		return ServerOptions.builder().name("limits-" + mode).threading(TestThreading.of(mode)).listener(this.listener);
	}

	/**
	 * Replies "held" once it holds its slot, then waits for the test to release it.
	 */
	private StreamRequestHandler holding() {
		return (request) -> {
			this.handled.incrementAndGet();
			request.wfile().write("held\n");
			request.wfile().flush();
			if (!this.release.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("never released");
			}
		};
	}

	@ParameterizedTest
	@ValueSource(strings = { "thread", "virtual", "pool" })
	void refusesRequestsBeyondMaxRequests(String mode) throws IOException {
		try (TcpServer server = new TcpServer(LOOPBACK, holding(), options(mode).maxRequests(2).build());
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress());
				SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
			assertThat(first.readLine()).isEqualTo("held");
			assertThat(second.readLine()).isEqualTo("held");
			try (SocketTestClient third = SocketTestClient.connect(server.serverAddress())) {
				assertThat(third.readToEnd()).isEmpty();
			}
			assertThat(this.listener.rejections).containsExactly(Rejection.LIMIT);
			assertThat(this.handled).hasValue(2);
			this.release.countDown();
			await().atMost(TIMEOUT).until(() -> server.activeRequests() == 0);
			try (SocketTestClient fourth = SocketTestClient.connect(server.serverAddress())) {
				assertThat(fourth.readLine()).isEqualTo("held");
			}
			assertThat(this.listener.rejections).hasSize(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "thread", "virtual", "pool" })
	void refusesASecondRequestFromTheSameClientBeyondMaxRequestsPerClient(String mode) throws IOException {
		try (TcpServer server = new TcpServer(LOOPBACK, holding(), options(mode).maxRequestsPerClient(1).build());
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress())) {
			assertThat(first.readLine()).isEqualTo("held");
			try (SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
				assertThat(second.readToEnd()).isEmpty();
			}
			assertThat(this.listener.rejections).containsExactly(Rejection.LIMIT);
			this.release.countDown();
			await().atMost(TIMEOUT).until(() -> server.activeRequests() == 0);
			try (SocketTestClient third = SocketTestClient.connect(server.serverAddress())) {
				assertThat(third.readLine()).isEqualTo("held");
			}
			assertThat(this.handled).hasValue(2);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "thread", "virtual", "pool" })
	void givesTheSlotBackWhenARequestEnds(String mode) throws IOException {
		ServerOptions options = options(mode).maxRequests(1).maxRequestsPerClient(1).build();
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server)) {
			for (int i = 0; i < 5; i++) {
				try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
					client.send("turn " + i + "\n");
					assertThat(client.readLine()).isEqualTo("turn " + i);
				}
				await().atMost(TIMEOUT).until(() -> server.activeRequests() == 0);
			}
			assertThat(this.listener.rejections).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "thread", "virtual", "pool" })
	void aClientThatComesBackAtOnceFindsItsSlotFree(String mode) throws IOException {
		ServerOptions options = options(mode).maxRequests(1).maxRequestsPerClient(1).build();
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
			assertThat(this.listener.rejections).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "thread", "virtual", "pool" })
	void givesTheSlotBackWhenVerifyRequestRefuses(String mode) throws IOException {
		AtomicInteger verified = new AtomicInteger();
		ServerOptions options = options(mode).maxRequests(1)
			.verifier((request) -> verified.incrementAndGet() % 2 == 0)
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server)) {
			try (SocketTestClient refused = SocketTestClient.connect(server.serverAddress())) {
				assertThat(refused.readToEnd()).isEmpty();
			}
			try (SocketTestClient served = SocketTestClient.connect(server.serverAddress())) {
				served.send("after a refusal\n");
				assertThat(served.readLine()).isEqualTo("after a refusal");
			}
			assertThat(this.listener.rejections).containsExactly(Rejection.VERIFY);
		}
	}

}
