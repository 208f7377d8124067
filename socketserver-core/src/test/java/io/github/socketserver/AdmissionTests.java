package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.access.AddressFilter;
import io.github.socketserver.access.AddressRange;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where a request is admitted: a refused client takes no room of the threading mode when
 * nothing can change who it is, and a client's share is given back whatever the verifier
 * does.
 */
class AdmissionTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private final RecordingListener listener = new RecordingListener();

	@Test
	void aClientTheVerifierRefusesTakesNoRoomOfAFullPool() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		StreamRequestHandler holding = EchoHandlers.holdingUntil(release);
		ServerOptions options = ServerOptions.builder()
			.threading(Threading.pool(1, 0))
			.verifier(new AddressFilter(List.of(), List.of(AddressRange.parse("127.0.0.3"))))
			.listener(this.listener)
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, holding, options);
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress())) {
			assertThat(first.readLine()).isEqualTo("in");
			try (SocketChannel denied = connectFrom("127.0.0.3", server)) {
				assertThat(denied.socket().getInputStream().read()).isEqualTo(-1);
			}
			release.countDown();
		}
		// Refused by the verifier, not by the pool that the first client fills.
		assertThat(this.listener.rejections).containsExactly(Rejection.VERIFY);
	}

	@Test
	void anErrorFromTheVerifierAfterALayerGivesTheClientsShareBack() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		ServerOptions options = ServerOptions.builder()
			.threading(Threading.thread())
			.maxRequestsPerClient(1)
			.addLayer((connection) -> connection)
			.verifier((request) -> {
				if (calls.incrementAndGet() == 1) {
					throw new AssertionError("the verifier broke");
				}
				return true;
			})
			.listener(this.listener)
			.build();
		Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
		Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
		});
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server)) {
			try (SocketTestClient broken = SocketTestClient.connect(server.serverAddress())) {
				assertThat(broken.read()).isEqualTo(-1);
			}
			// The error reaches the thread's handler: Awaitility must not take it as its
			// own.
			await().dontCatchUncaughtExceptions().until(() -> server.activeRequests() == 0);
			try (SocketTestClient next = SocketTestClient.connect(server.serverAddress())) {
				next.sendLine("still served");
				assertThat(next.readLine()).isEqualTo("still served");
			}
		}
		finally {
			Thread.setDefaultUncaughtExceptionHandler(previous);
		}
		assertThat(this.listener.rejections).doesNotContain(Rejection.LIMIT);
	}

	private static SocketChannel connectFrom(String host, BaseServer<?> server) throws IOException {
		SocketChannel channel = SocketChannel.open();
		channel.bind(new InetSocketAddress(host, 0));
		channel.connect(server.serverAddress());
		channel.socket().setSoTimeout((int) Duration.ofSeconds(10).toMillis());
		return channel;
	}

}
