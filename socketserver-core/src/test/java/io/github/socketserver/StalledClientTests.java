package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.connection.Transport;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that send requests and never read their answers: the write timeout frees the
 * handler's thread and every place the request took, which the read and idle timeouts
 * alone never do, as the handler waits in a write, not a read.
 */
class StalledClientTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private static final int CLIENTS = 5;

	private static final int ANSWER_SIZE = 16 * 1024;

	/**
	 * Answers each line with 16 KiB: a client that sends a few hundred lines and reads
	 * nothing fills every socket buffer between them.
	 */
	private static final StreamRequestHandler BIG_ANSWERS = (request) -> {
		String answer = "x".repeat(ANSWER_SIZE - 1) + "\n";
		while (request.rfile().readLine() != null) {
			request.wfile().write(answer);
		}
	};

	private final RecordingListener listener = new RecordingListener();

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "thread", "virtual", "pool" })
	void clientsThatStopReadingAreCutAndGiveTheirPlacesBack(String mode) throws IOException {
		// The read and idle timeouts of the report that found it, which never fire: the
		// handlers wait in writes.
		ServerOptions options = options(mode).readTimeout(Duration.ofSeconds(2))
			.idleTimeout(Duration.ofSeconds(2))
			.writeTimeout(Duration.ofSeconds(1))
			.sendBufferSize(4096)
			.maxRequests(CLIENTS)
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, BIG_ANSWERS, options);
				Serving serving = Serving.start(server)) {
			assertStalledClientsAreCut(server);
		}
	}

	@Test
	void unixClientsThatStopReadingAreCutToo() throws IOException {
		ServerOptions options = options("thread").writeTimeout(Duration.ofSeconds(1)).maxRequests(CLIENTS).build();
		try (UnixStreamServer server = new UnixStreamServer(this.directory.resolve("stalled.sock"), BIG_ANSWERS,
				options); Serving serving = Serving.start(server)) {
			assertStalledClientsAreCut(server);
		}
	}

	private void assertStalledClientsAreCut(BaseServer<?> server) throws IOException {
		List<SocketTestClient> stalled = new ArrayList<>();
		try {
			for (int i = 0; i < CLIENTS; i++) {
				SocketTestClient client = SocketTestClient.connect(server.serverAddress());
				stalled.add(client);
				// Hundreds of requests, whose answers (megabytes) are never read.
				client.send("request\n".repeat(500));
			}
			// The report saw them held 12 s later; a write timeout of 1 s ends them. Each
			// is counted, not seen held all at once: on a loaded machine the first may be
			// cut before the last is accepted.
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.listener.requestsFinished.get() == CLIENTS && server.activeRequests() == 0);
			assertThat(this.listener.connectionsOpened).hasValue(CLIENTS);
			assertThat(this.listener.errors).hasSizeGreaterThanOrEqualTo(CLIENTS)
				.allMatch(SocketTimeoutException.class::isInstance);
			try (SocketTestClient next = SocketTestClient.connect(server.serverAddress())) {
				next.send("request\n");
				assertThat(next.readLine()).hasSize(ANSWER_SIZE - 1);
			}
			assertThat(this.listener.rejections).isEmpty();
		}
		finally {
			for (SocketTestClient client : stalled) {
				client.close();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "limit", "pool" })
	void placesAreGivenBackOnlyOnceTheLastFlushIsDone(String place) throws Exception {
		CountDownLatch writing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ServerOptions.Builder builder = (place.equals("limit")) ? options("thread").maxRequests(1)
				: options("pool").threading(Threading.pool(1, 0));
		// A layer whose writes wait until the test lets them go: the handler's answer
		// waits in wfile, so the one write is the last flush, after the handler returned.
		ServerOptions options = builder.addLayer(
				(connection) -> connection.withTransport(new GatedTransport(connection.transport(), writing, release)))
			.build();
		StreamRequestHandler answerOnce = (request) -> request.wfile()
			.write("answer to " + request.rfile().readLine() + "\n");
		try (TcpServer server = new TcpServer(LOOPBACK, answerOnce, options);
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress())) {
			first.send("first\n");
			assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
			try (SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
				assertThat(second.readToEnd()).as("refused while the first request flushes").isEmpty();
			}
			assertThat(this.listener.rejections)
				.containsExactly(place.equals("limit") ? Rejection.LIMIT : Rejection.QUEUE_FULL);
			release.countDown();
			assertThat(first.readLine()).isEqualTo("answer to first");
		}
	}

	private ServerOptions.Builder options(String mode) {
		return ServerOptions.builder().name("stalled").threading(TestThreading.of(mode)).addListener(this.listener);
	}

	/**
	 * A transport whose writes wait for a latch.
	 */
	private record GatedTransport(Transport transport, CountDownLatch writing,
			CountDownLatch release) implements Transport {

		@Override
		public int read(ByteBuffer target, long timeoutNanos) throws IOException {
			return this.transport.read(target, timeoutNanos);
		}

		@Override
		public void write(ByteBuffer source) throws IOException {
			this.writing.countDown();
			try {
				this.release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.transport.write(source);
		}

	}

}
