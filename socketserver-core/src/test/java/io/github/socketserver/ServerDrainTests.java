package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.handler.DatagramRequestHandler;

import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BaseServer#drain()} in every threading mode: a handler waiting for its next line
 * reads the end of the stream at once and returns normally, while one mid-line finishes
 * its line first.
 */
class ServerDrainTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private final Recorder recorder = new Recorder();

	@ParameterizedTest
	@ValueSource(strings = { "sync", "thread", "virtual", "pool" })
	void anIdleConnectionEndsAtOnceAndTheHandlerReturnsNormally(String mode) throws IOException {
		ServerOptions options = ServerOptions.builder()
			.name("drained")
			.threading(TestThreading.of(mode))
			.addListener(this.recorder)
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server);
				SocketTestClient idle = SocketTestClient.connect(server.serverAddress())) {
			idle.sendLine("hello");
			assertThat(idle.readLine()).isEqualTo("hello");
			server.drain();
			assertThat(idle.readLine()).isNull();
			assertThat(server.awaitRequests(Duration.ofSeconds(10))).isTrue();
			assertThat(this.recorder.errors).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "pool" })
	void datagramsReceivedBeforeTheDrainAreHandled(String mode) throws Exception {
		List<String> handled = new CopyOnWriteArrayList<>();
		CountDownLatch first = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		DatagramRequestHandler recorder = (request) -> {
			handled.add(new String(request.packet(), StandardCharsets.UTF_8));
			first.countDown();
			release.await(10, TimeUnit.SECONDS);
		};
		ServerOptions options = ServerOptions.builder().name("drained").threading(TestThreading.of(mode)).build();
		try (UdpServer server = new UdpServer(LOOPBACK, recorder, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			for (int i = 0; i < 10; i++) {
				client.send("datagram " + i);
			}
			assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
			server.drain();
			release.countDown();
			assertThat(server.shutdown(Duration.ofSeconds(10))).isTrue();
			assertThat(server.awaitRequests(Duration.ofSeconds(10))).isTrue();
			assertThat(handled).hasSize(10);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "thread", "virtual", "pool" })
	void aConnectionMidLineFinishesItsLine(String mode) throws IOException {
		ServerOptions options = ServerOptions.builder().name("drained").threading(TestThreading.of(mode)).build();
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server);
				SocketTestClient busy = SocketTestClient.connect(server.serverAddress())) {
			// One write, one segment on loopback: the answer to the first line is sent as
			// the handler waits for the rest of the second, which it holds by then.
			busy.send("first\nsecond, half");
			assertThat(busy.readLine()).isEqualTo("first");
			server.drain();
			assertThat(server.awaitRequests(Duration.ofMillis(200))).isFalse();
			busy.sendLine(" and the rest");
			assertThat(busy.readLine()).isEqualTo("second, half and the rest");
			assertThat(busy.readLine()).isNull();
			assertThat(server.awaitRequests(Duration.ofSeconds(10))).isTrue();
		}
	}

}
