package io.github.socketserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.options.ServerOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write timeout bounds a stall, not a write: a client that reads a large answer
 * slowly but steadily gets all of it, however long the one write takes.
 */
class SteadyReaderTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private static final int ANSWER_SIZE = 4 * 1024 * 1024;

	private static final int READ_SIZE = 32 * 1024;

	/**
	 * Answers a line with one write of 4 MiB.
	 */
	private static final StreamRequestHandler ONE_BIG_WRITE = (request) -> {
		if (request.rfile().readLine() != null) {
			request.wfile().write(new byte[ANSWER_SIZE]);
		}
	};

	private final Recorder listener = new Recorder();

	@ParameterizedTest
	@ValueSource(strings = { "thread", "virtual" })
	void aSlowButSteadyReaderGetsTheWholeAnswer(String mode) throws Exception {
		ServerOptions options = ServerOptions.builder()
			.name("steady")
			.threading(TestThreading.of(mode))
			.writeTimeout(Duration.ofMillis(500))
			.sendBufferSize(16 * 1024)
			.addListener(this.listener)
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, ONE_BIG_WRITE, options);
				Serving serving = Serving.start(server);
				Socket client = new Socket()) {
			client.setReceiveBufferSize(READ_SIZE);
			client.connect(server.serverAddress());
			client.getOutputStream().write("send\n".getBytes(StandardCharsets.UTF_8));
			assertThat(readPaced(client.getInputStream())).isEqualTo(ANSWER_SIZE);
			assertThat(server.awaitRequests(Duration.ofSeconds(10))).isTrue();
			assertThat(this.listener.errors).isEmpty();
		}
	}

	/**
	 * Reads to the end, a few kilobytes at a time with a pause between: about 3 MB/s, far
	 * slower than loopback, and the whole answer takes longer than the write timeout.
	 */
	private static long readPaced(InputStream input) throws IOException, InterruptedException {
		byte[] chunk = new byte[READ_SIZE];
		long total = 0;
		for (int count = input.read(chunk); count >= 0; count = input.read(chunk)) {
			total += count;
			TimeUnit.MILLISECONDS.sleep(10);
		}
		return total;
	}

}
