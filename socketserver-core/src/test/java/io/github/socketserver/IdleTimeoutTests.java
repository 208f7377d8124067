package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.handler.IdleTimeoutException;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The {@code idleTimeout} option: one read call of a handler is bounded in total, so a
 * silent or trickling client is cut, over TCP (SO_TIMEOUT) and Unix sockets (read
 * deadlines), while a client that keeps sending is not.
 */
class IdleTimeoutTests {

	private static final Duration IDLE = Duration.ofMillis(400);

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final Recorder recorder = new Recorder();

	private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "tcp", "unix" })
	void cutsAClientThatConnectsAndSendsNothing(String family) throws Exception {
		try (LogCapture logs = new LogCapture();
				TcpServer server = server(family, EchoHandlers.LINE_ECHO, options().build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			long start = System.nanoTime();
			await().atMost(WAIT).until(() -> this.recorder.errors.size() == 1);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(IDLE);
			assertThat(this.recorder.errors.get(0)).isInstanceOf(IdleTimeoutException.class);
			await().atMost(WAIT).until(() -> this.recorder.closed.get() == 1);
			assertThat(client.read()).as("the client sees the connection end").isEqualTo(-1);
			String clientAddress = String.valueOf(client.localAddress());
			assertThat(logs.messages()).anySatisfy((message) -> assertThat(message).contains("idle timeout")
				.contains(family.equals("tcp") ? clientAddress : "from "));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "tcp", "unix" })
	void cutsAClientThatTricklesALineByteByByte(String family) throws Exception {
		ServerOptions options = options().readTimeout(Duration.ofSeconds(2)).build();
		AtomicInteger sent = new AtomicInteger();
		try (TcpServer server = server(family, EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			// Each byte comes well within the read timeout; the line never ends.
			this.trickler.scheduleAtFixedRate(() -> {
				try {
					client.send("x");
					sent.incrementAndGet();
				}
				catch (IOException ex) {
					this.trickler.shutdown();
				}
			}, 0, 20, TimeUnit.MILLISECONDS);
			await().atMost(WAIT).until(() -> this.recorder.errors.size() == 1);
			assertThat(this.recorder.errors.get(0)).isInstanceOf(IdleTimeoutException.class);
			assertThat(sent.get()).as("bytes trickled before the cut").isGreaterThan(1);
			await().atMost(WAIT).until(() -> this.recorder.closed.get() == 1);
			assertThat(client.read()).isEqualTo(-1);
		}
		finally {
			this.trickler.shutdownNow();
		}
	}

	@Test
	void readTimeoutAloneDoesNotCutATrickle() throws Exception {
		ServerOptions options = ServerOptions.builder()
			.threading(TestThreading.perRequest())
			// Each byte comes well within it, with room for a loaded machine's delays,
			// and the whole line (8 gaps of 150 ms) takes longer.
			.readTimeout(Duration.ofSeconds(1))
			.listener(this.recorder)
			.build();
		try (TcpServer server = server("tcp", EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			String line = "trickled";
			AtomicInteger next = new AtomicInteger();
			this.trickler.scheduleAtFixedRate(() -> {
				int i = next.getAndIncrement();
				try {
					client.send((i < line.length()) ? line.substring(i, i + 1) : "\n");
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
				if (i >= line.length()) {
					this.trickler.shutdown();
				}
			}, 0, 150, TimeUnit.MILLISECONDS);
			assertThat(client.readLine()).isEqualTo(line);
			assertThat(this.recorder.errors).isEmpty();
		}
		finally {
			this.trickler.shutdownNow();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "tcp", "unix" })
	void doesNotCutAClientThatKeepsSending(String family) throws Exception {
		ServerOptions options = options().idleTimeout(Duration.ofSeconds(1)).build();
		try (TcpServer server = server(family, EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			// The connection outlives the idle timeout twice over; each line comes
			// promptly, with room for a loaded machine's delays.
			List<String> answers = new CopyOnWriteArrayList<>();
			AtomicInteger next = new AtomicInteger();
			this.trickler.scheduleAtFixedRate(() -> {
				int i = next.getAndIncrement();
				try {
					client.send("line " + i + "\n");
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
				if (i == 11) {
					this.trickler.shutdown();
				}
			}, 0, 200, TimeUnit.MILLISECONDS);
			for (int i = 0; i < 12; i++) {
				answers.add(client.readLine());
			}
			assertThat(answers).containsExactlyElementsOf(
					java.util.stream.IntStream.range(0, 12).mapToObj((i) -> "line " + i).toList());
			assertThat(this.recorder.errors).isEmpty();
		}
		finally {
			this.trickler.shutdownNow();
		}
	}

	@Test
	void streamsBulkDataThroughTransferToWithoutACut() throws Exception {
		StreamRequestHandler echo = (request) -> request.rfile().transferTo(request.wfile());
		int size = 8 * 1024 * 1024;
		try (TcpServer server = server("tcp", echo, options().build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			Thread writer = new Thread(() -> {
				try {
					byte[] chunk = new byte[64 * 1024];
					for (int i = 0; i < size / chunk.length; i++) {
						java.util.Arrays.fill(chunk, (byte) i);
						client.send(chunk);
					}
					client.shutdownOutput();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}, "test-bulk-writer");
			writer.start();
			byte[] echoed = client.readToEnd();
			writer.join(WAIT.toMillis());
			assertThat(echoed).hasSize(size);
			assertThat(echoed[size - 1]).isEqualTo((byte) (size / (64 * 1024) - 1));
			assertThat(this.recorder.errors).isEmpty();
		}
	}

	@Test
	void reportsAndClosesWhenTheHandlerSwallowsTheTimeout() throws Exception {
		List<Throwable> secondReads = new CopyOnWriteArrayList<>();
		StreamRequestHandler patient = (request) -> {
			try {
				request.rfile().readLine();
			}
			catch (IdleTimeoutException ex) {
				request.wfile().write("too slow\n");
			}
			long start = System.nanoTime();
			try {
				request.rfile().read();
			}
			catch (IdleTimeoutException ex) {
				// A later read fails at once rather than waiting another period.
				if (System.nanoTime() - start < IDLE.toNanos()) {
					secondReads.add(ex);
				}
			}
		};
		try (TcpServer server = server("tcp", patient, options().build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(client.readLine()).isEqualTo("too slow");
			assertThat(client.read()).isEqualTo(-1);
			await().atMost(WAIT).until(() -> this.recorder.errors.size() == 1);
			assertThat(this.recorder.errors.get(0)).isInstanceOf(IdleTimeoutException.class);
			assertThat(secondReads).hasSize(1);
			assertThat(this.recorder.closed).hasValue(1);
		}
	}

	@Test
	void refusesAZeroOrNegativeIdleTimeout() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerOptions.builder().idleTimeout(Duration.ZERO).build())
			.withMessageContaining("idleTimeout");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerOptions.builder().idleTimeout(Duration.ofSeconds(-1)).build())
			.withMessageContaining("idleTimeout");
		assertThat(ServerOptions.builder().idleTimeout(null).build().stream().idleTimeout()).isNull();
	}

	private ServerOptions.Builder options() {
		return ServerOptions.builder().threading(TestThreading.perRequest()).idleTimeout(IDLE).listener(this.recorder);
	}

	private TcpServer server(String family, StreamRequestHandler handler, ServerOptions options) throws IOException {
		if (family.equals("unix")) {
			return new UnixStreamServer(this.directory.resolve("idle.sock"), handler, options);
		}
		return new TcpServer(new InetSocketAddress("127.0.0.1", 0), handler, options);
	}

}
