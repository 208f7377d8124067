package io.github.socketserver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The requests a close cuts are logged by the first few and a count: the clients choose
 * how many there are.
 */
class CutRequestsLogTests {

	private static final int CLIENTS = 30;

	@Test
	void manyCutRequestsMakeAFewLinesAndOneCount() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		ServerOptions options = ServerOptions.builder().name("cut").threading(TestThreading.of("thread")).build();
		List<SocketTestClient> clients = new ArrayList<>();
		try (LogCapture logs = new LogCapture();
				TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0),
						EchoHandlers.holdingUntil(release), options);
				Serving serving = Serving.start(server)) {
			for (int i = 0; i < CLIENTS; i++) {
				SocketTestClient client = SocketTestClient.connect(server.serverAddress());
				clients.add(client);
				assertThat(client.readLine()).isEqualTo("in");
			}
			server.close(Duration.ofMillis(100));
			await().atMost(Duration.ofSeconds(10)).until(() -> server.awaitRequests(Duration.ZERO));
			List<String> cutLines = logs.messages().stream().filter((line) -> line.contains("cut")).toList();
			assertThat(cutLines).hasSizeBetween(2, 6);
			assertThat(cutLines).anySatisfy((line) -> assertThat(line).contains(CLIENTS + " requests"));
		}
		finally {
			release.countDown();
			for (SocketTestClient client : clients) {
				client.close();
			}
		}
	}

}
