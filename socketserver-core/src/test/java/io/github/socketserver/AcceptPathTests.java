package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One failure on the accept path (a thread the host cannot create, a peer address that
 * cannot be decoded) refuses that one request, is counted and logged, and the serving
 * loop goes on; {@code thread} mode has a cap the host can hold.
 */
class AcceptPathTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private final RecordingListener listener = new RecordingListener();

	private LogCapture logs;

	@BeforeEach
	void captureLogs() {
		this.logs = new LogCapture();
	}

	@AfterEach
	void stopCapturing() {
		this.logs.close();
	}

	@Test
	void aThreadTheHostCannotCreateRefusesThatRequestOnly() throws IOException {
		AtomicInteger requests = new AtomicInteger();
		ServerOptions options = options().threading(Threading.thread()).build();
		try (TcpServer server = new TcpServer(LOOPBACK, () -> EchoHandlers.LINE_ECHO, options, true) {
			@Override
			protected void processRequest(StreamRequest request) {
				if (requests.incrementAndGet() == 1) {
					throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
				}
				super.processRequest(request);
			}
		}; Serving serving = Serving.start(server)) {
			try (SocketTestClient refused = SocketTestClient.connect(server.serverAddress())) {
				assertThat(refused.readToEnd()).isEmpty();
			}
			try (SocketTestClient next = SocketTestClient.connect(server.serverAddress())) {
				assertThat(next.exchange("still serving\n")).isEqualTo("still serving\n");
			}
			assertThat(serving.failure()).isNull();
			assertThat(this.listener.rejections).containsExactly(Rejection.QUEUE_FULL);
			assertThat(this.logs.messages()).anyMatch((line) -> line.contains("unable to create native thread"));
			await().atMost(Duration.ofSeconds(10)).until(() -> server.activeRequests() == 0);
		}
	}

	@Test
	void aPeerAddressThatCannotBeDecodedRefusesThatConnectionOnly() throws IOException {
		AtomicInteger accepts = new AtomicInteger();
		ServerOptions options = options().threading(TestThreading.perRequest()).build();
		try (TcpServer server = new TcpServer(LOOPBACK, () -> EchoHandlers.LINE_ECHO, options, true) {
			@Override
			protected @Nullable StreamRequest getRequest() throws IOException {
				StreamRequest request = super.getRequest();
				if (request != null && accepts.incrementAndGet() == 1) {
					request.close();
					throw new InvalidPathException("\u00ff", "Malformed input or input contains unmappable characters");
				}
				return request;
			}
		}; Serving serving = Serving.start(server)) {
			try (SocketTestClient refused = SocketTestClient.connect(server.serverAddress())) {
				assertThat(refused.readToEnd()).isEmpty();
			}
			try (SocketTestClient next = SocketTestClient.connect(server.serverAddress())) {
				assertThat(next.exchange("still serving\n")).isEqualTo("still serving\n");
			}
			assertThat(serving.failure()).isNull();
			assertThat(this.logs.messages()).anyMatch((line) -> line.contains("Malformed input"));
			assertThat(this.listener.acceptFailures).singleElement().isInstanceOf(InvalidPathException.class);
		}
	}

	@Test
	void threadModeHasADefaultCapAndRefusesPastIt() throws IOException {
		assertThat(Threading.thread().maxThreads()).isEqualTo(Threading.DEFAULT_MAX_THREADS);
		CountDownLatch release = new CountDownLatch(1);
		ServerOptions options = options().threading(Threading.thread(2)).build();
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.holdingUntil(release), options);
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress());
				SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
			assertThat(first.readLine()).isEqualTo("in");
			assertThat(second.readLine()).isEqualTo("in");
			try (SocketTestClient third = SocketTestClient.connect(server.serverAddress())) {
				assertThat(third.readToEnd()).isEmpty();
			}
			assertThat(this.listener.rejections).containsExactly(Rejection.QUEUE_FULL);
			release.countDown();
		}
	}

	private ServerOptions.Builder options() {
		return ServerOptions.builder().name("accepting").addListener(this.listener);
	}

}
