package io.github.socketserver.handler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketserver.EchoHandlers;
import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.UnixStreamServer;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link SocketWriter}, a connection's {@code wfile}, through real servers: large and
 * small writes arrive complete and in order, the listener counts every byte each way, and
 * a closed {@code wfile} refuses writes as a closed Python file does.
 */
class SocketWriterTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private static final int FOUR_MIB = 4 * 1024 * 1024;

	private final RecordingListener listener = new RecordingListener();

	private final ServerOptions options = ServerOptions.builder().name("writer").listener(this.listener).build();

	@TempDir
	Path directory;

	@Test
	void aFourMebibyteWriteArrivesCompleteAndByteExact() throws IOException {
		byte[] payload = new byte[FOUR_MIB];
		new Random(42).nextBytes(payload);
		StreamRequestHandler big = (request) -> request.wfile().write(payload);
		try (TcpServer server = new TcpServer(LOOPBACK, big, this.options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(client.readToEnd()).isEqualTo(payload);
		}
		assertThat(this.listener.bytesSent).hasValue(FOUR_MIB);
	}

	@Test
	void manySmallWritesArriveInOrderWhenTheHandlerReturns() throws IOException {
		StreamRequestHandler small = (request) -> {
			for (int i = 0; i < 20_000; i++) {
				request.wfile().write('0' + (i % 10));
			}
		};
		try (UnixStreamServer server = new UnixStreamServer(this.directory.resolve("small.sock"), small, this.options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			byte[] received = client.readToEnd();
			assertThat(received).hasSize(20_000);
			for (int i = 0; i < received.length; i++) {
				assertThat(received[i]).isEqualTo((byte) ('0' + (i % 10)));
			}
		}
		assertThat(this.listener.bytesSent).hasValue(20_000);
	}

	@Test
	void listenerCountsEveryByteReceivedAndSent() throws IOException {
		String lines = "one\n" + "two\n".repeat(1000) + "x".repeat(3000) + "\n";
		int length = lines.getBytes(StandardCharsets.UTF_8).length;
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.LINE_ECHO, this.options);
				Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.send(lines);
				client.shutdownOutput();
				assertThat(new String(client.readToEnd(), StandardCharsets.UTF_8)).isEqualTo(lines);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> server.activeRequests() == 0);
		}
		assertThat(this.listener.bytesReceived).hasValue(length);
		assertThat(this.listener.bytesSent).hasValue(length);
	}

	@Test
	void explicitFlushSendsAtOnce() throws IOException {
		CountDownLatch seen = new CountDownLatch(1);
		StreamRequestHandler flushing = (request) -> {
			request.wfile().write("early\n");
			request.wfile().flush();
			if (!seen.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The client never saw the flushed line");
			}
			request.wfile().write("late\n");
		};
		try (TcpServer server = new TcpServer(LOOPBACK, flushing, this.options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(client.readLine()).isEqualTo("early");
			seen.countDown();
			assertThat(client.readLine()).isEqualTo("late");
		}
	}

	@Test
	void aWriteFromAThreadTheHandlerStartedFailsOnceTheRequestEnded() throws Exception {
		CountDownLatch ended = new CountDownLatch(1);
		AtomicReference<Throwable> outcome = new AtomicReference<>();
		StreamRequestHandler leavesAWriter = (request) -> {
			request.wfile().write("from the handler\n");
			Thread late = new Thread(() -> {
				try {
					if (ended.await(10, TimeUnit.SECONDS)) {
						request.wfile().write("too late\n");
						outcome.set(new AssertionError("the late write was accepted"));
					}
				}
				catch (IOException | InterruptedException ex) {
					outcome.set(ex);
				}
			}, "test-late-writer");
			late.start();
		};
		try (TcpServer server = new TcpServer(LOOPBACK, leavesAWriter, this.options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(client.readLine()).isEqualTo("from the handler");
			assertThat(client.readToEnd()).isEmpty();
			await().atMost(Duration.ofSeconds(10)).until(() -> server.activeRequests() == 0);
			ended.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> outcome.get() != null);
		}
		assertThat(outcome.get()).isInstanceOf(IOException.class).hasMessageContaining("closed");
	}

	@Test
	void closeByTheHandlerSendsWhatWaitsAndLaterWritesFail() throws IOException {
		AtomicReference<Throwable> outcome = new AtomicReference<>();
		StreamRequestHandler closing = (request) -> {
			request.wfile().write("last words\n");
			request.wfile().close();
			// Nothing waits: flushing and closing again do nothing.
			request.wfile().flush();
			request.wfile().close();
			try {
				request.wfile().write('x');
			}
			catch (IOException ex) {
				outcome.set(ex);
			}
		};
		try (UnixStreamServer server = new UnixStreamServer(this.directory.resolve("close.sock"), closing,
				this.options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(client.readLine()).isEqualTo("last words");
			assertThat(client.readToEnd()).isEmpty();
			await().atMost(Duration.ofSeconds(10)).until(() -> server.activeRequests() == 0);
		}
		assertThat(outcome.get()).isInstanceOf(IOException.class).hasMessageContaining("closed");
		assertThat(this.listener.bytesSent).hasValue("last words\n".length());
	}

}
