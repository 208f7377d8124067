package io.github.socketserver;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A datagram server's drain takes what its socket held when the drain began, and ends
 * though a sender never stops.
 */
class DatagramFloodDrainTests {

	private static final int HELD = 20;

	@Test
	void aDrainUnderASteadyFloodEndsWithTheDatagramsHeldBeforeItHandled() throws Exception {
		List<String> handled = new CopyOnWriteArrayList<>();
		CountDownLatch first = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ServerOptions options = ServerOptions.builder().name("flooded").threading(TestThreading.of("sync")).build();
		AtomicReference<SocketTestClient> sender = new AtomicReference<>();
		// Every datagram handled sends one more: the socket is never empty again.
		DatagramRequestHandler feeding = (request) -> {
			String text = new String(request.packet(), StandardCharsets.UTF_8);
			handled.add(text);
			if (text.equals("held 0")) {
				first.countDown();
				release.await(10, TimeUnit.SECONDS);
			}
			sender.get().send("flood");
		};
		try (UdpServer server = new UdpServer(new InetSocketAddress("127.0.0.1", 0), feeding, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			sender.set(client);
			client.send("held 0");
			assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
			for (int i = 1; i < HELD; i++) {
				client.send("held " + i);
			}
			server.drain();
			release.countDown();
			assertThat(server.shutdown(Duration.ofSeconds(5))).isTrue();
			assertThat(handled).containsAll(IntStream.range(0, HELD).mapToObj((i) -> "held " + i).toList());
		}
	}

}
