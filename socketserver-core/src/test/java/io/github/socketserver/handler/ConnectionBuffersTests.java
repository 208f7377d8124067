package io.github.socketserver.handler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.TestThreading;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How much a connection holds: no output buffer while it waits for its client, an input
 * buffer sized to what the client sends, and pooled output buffers that never carry one
 * client's bytes to another.
 */
class ConnectionBuffersTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private final List<Integer> observed = new CopyOnWriteArrayList<>();

	@Test
	void aConnectionWaitingForItsClientHoldsNoOutputBuffer() throws IOException {
		StreamRequestHandler handler = (request) -> {
			String line;
			while ((line = request.rfile().readLine()) != null) {
				// The reply written for the previous line went out before this read
				// waited.
				this.observed.add(request.wfile().bufferLength());
				request.wfile().write(line + "\n");
				this.observed.add(request.wfile().bufferLength());
			}
		};
		try (TcpServer server = new TcpServer(LOOPBACK, handler, ServerOptions.builder().name("buffers").build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			for (int i = 0; i < 3; i++) {
				client.send("line " + i + "\n");
				assertThat(client.readLine()).isEqualTo("line " + i);
			}
		}
		assertThat(this.observed).containsExactly(0, 512, 0, 512, 0, 512);
	}

	@Test
	void theInputBufferGrowsForABurstAndShrinksBackWhenReadsStaySmall() throws IOException {
		int burst = 64 * 1024;
		StreamRequestHandler handler = (request) -> {
			SocketReader reader = request.rfile();
			reader.readLine();
			this.observed.add(reader.bufferLength());
			for (int i = 0; i < burst; i++) {
				reader.read();
			}
			this.observed.add(reader.bufferLength());
			request.wfile().write("burst\n");
			String line;
			while ((line = reader.readLine()) != null) {
				request.wfile().write(line + "\n");
			}
			this.observed.add(reader.bufferLength());
		};
		try (TcpServer server = new TcpServer(LOOPBACK, handler, ServerOptions.builder().name("buffers").build());
				Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.send("hello\n");
				client.send(new byte[burst]);
				assertThat(client.readLine()).isEqualTo("burst");
				for (int i = 0; i < 30; i++) {
					client.send("ping\n");
					assertThat(client.readLine()).isEqualTo("ping");
				}
				client.shutdownOutput();
				client.readToEnd();
			}
			org.awaitility.Awaitility.await().until(() -> this.observed.size() == 3);
		}
		// Small first, large after a burst that filled it again and again, small again
		// after thirty one-line exchanges.
		assertThat(this.observed.get(0)).isEqualTo(128);
		assertThat(this.observed.get(1)).isGreaterThanOrEqualTo(1024);
		assertThat(this.observed.get(2)).isEqualTo(128);
	}

	@Test
	void aZeroLengthWriteLeavesNoBufferHeldWhileTheConnectionWaits() throws IOException {
		StreamRequestHandler handler = (request) -> {
			request.wfile().write(new byte[0]);
			request.rfile().readLine();
			this.observed.add(request.wfile().bufferLength());
		};
		try (TcpServer server = new TcpServer(LOOPBACK, handler, ServerOptions.builder().name("buffers").build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("go\n");
			client.readToEnd();
		}
		assertThat(this.observed).containsExactly(0);
	}

	@Test
	void aBufferGrownForLongLinesIsKeptForTheNextOnes() throws IOException {
		int length = 20_000;
		StreamRequestHandler handler = (request) -> {
			for (int i = 0; i < 3; i++) {
				assertThat(request.rfile().readLine()).hasSize(length);
				this.observed.add(request.rfile().bufferLength());
			}
		};
		ServerOptions options = ServerOptions.builder().name("buffers").maxLineLength(64 * 1024).build();
		try (TcpServer server = new TcpServer(LOOPBACK, handler, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			for (int i = 0; i < 3; i++) {
				client.send("x".repeat(length) + "\n");
			}
			client.shutdownOutput();
			client.readToEnd();
		}
		assertThat(this.observed).hasSize(3).allSatisfy((size) -> assertThat(size).isGreaterThan(length));
		assertThat(this.observed.get(2)).isEqualTo(this.observed.get(1));
	}

	@Test
	void writesFromAnotherThreadThanTheReaderReachOnlyTheirOwnClient() throws Exception {
		// As a proxy does: one thread writes while the handler's thread reads, and the
		// reader flushes before each wait.
		StreamRequestHandler handler = (request) -> {
			String id = request.rfile().readLine();
			Thread writer = new Thread(() -> {
				try {
					for (int i = 0; i < 300; i++) {
						request.wfile().write(id + "\n");
					}
					request.wfile().write("end\n");
					request.wfile().flush();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			writer.start();
			while (request.rfile().readLine() != null) {
				// Each read flushes what the writer thread has written so far.
			}
			writer.join();
		};
		assertEveryClientGetsOnlyItsOwnBytes(handler, 20, 20, (client, id) -> {
			client.send(id + "\n");
			for (int i = 0; i < 300; i++) {
				client.send("tick\n");
				assertThat(client.readLine()).isEqualTo(id);
			}
			assertThat(client.readLine()).isEqualTo("end");
		});
	}

	@Test
	void pooledOutputBuffersNeverCarryOneClientsBytesToAnother() throws Exception {
		StreamRequestHandler handler = (request) -> {
			String id;
			while ((id = request.rfile().readLine()) != null) {
				// Small writes fill a pooled buffer, grow it, and send it many times.
				for (int i = 0; i < 200; i++) {
					request.wfile().write(id);
				}
				request.wfile().write("\n");
			}
		};
		assertEveryClientGetsOnlyItsOwnBytes(handler, 40, 8, (client, id) -> {
			for (int round = 0; round < 50; round++) {
				client.send(id + "\n");
				assertThat(client.readLine()).isEqualTo(id.repeat(200));
			}
		});
	}

	/**
	 * Runs {@code clients} clients at once against a server of {@code handler}, each with
	 * an id of its own, and fails if any exchange of one goes wrong.
	 */
	private static void assertEveryClientGetsOnlyItsOwnBytes(StreamRequestHandler handler, int clients, int threads,
			Exchange exchange) throws Exception {
		// A backlog that holds every client at once: connects that overflow Python's
		// backlog of 5 can be reset by the kernel, which is not what this test is about.
		ServerOptions options = ServerOptions.builder()
			.name("buffers")
			.threading(TestThreading.perRequest())
			.requestQueueSize(clients)
			.build();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try (TcpServer server = new TcpServer(LOOPBACK, handler, options); Serving serving = Serving.start(server)) {
			List<Future<?>> results = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				String id = String.format("<client %03d>", c);
				results.add(pool.submit(() -> {
					try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
						exchange.run(client, id);
					}
					return null;
				}));
			}
			for (Future<?> result : results) {
				result.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface Exchange {

		void run(SocketTestClient client, String id) throws IOException;

	}

}
