package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A drain ends only a connection waiting for a new message after it was answered: a
 * request whose bytes came before the drain is served, and a message read in parts is
 * read whole.
 */
class DrainedMessageTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	@Test
	void aRequestSentBeforeTheDrainIsServedThoughTheHandlerHadNotReadYet() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		StreamRequestHandler slowSetup = (request) -> {
			started.countDown();
			release.await(10, TimeUnit.SECONDS);
			EchoHandlers.LINE_ECHO.handle(request);
		};
		ServerOptions options = ServerOptions.builder().name("drained").threading(TestThreading.of("thread")).build();
		try (TcpServer server = new TcpServer(LOOPBACK, slowSetup, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.sendLine("PING");
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			server.drain();
			release.countDown();
			assertThat(client.readLine()).isEqualTo("PING");
		}
	}

	@Test
	void aPipelinedRequestAlreadyBufferedIsServed() throws Exception {
		Semaphore answered = new Semaphore(0);
		CountDownLatch release = new CountDownLatch(1);
		StreamRequestHandler oneAtATime = (request) -> {
			for (String line = request.rfile().readLine(); line != null; line = request.rfile().readLine()) {
				request.wfile().write(line + "\n");
				request.wfile().flush();
				answered.release();
				release.await(10, TimeUnit.SECONDS);
			}
		};
		ServerOptions options = ServerOptions.builder().name("drained").threading(TestThreading.of("thread")).build();
		try (TcpServer server = new TcpServer(LOOPBACK, oneAtATime, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.sendLine("first");
			assertThat(client.readLine()).isEqualTo("first");
			client.sendLine("second");
			server.drain();
			release.countDown();
			assertThat(client.readLine()).isEqualTo("second");
			assertThat(client.readLine()).isNull();
		}
	}

	@Test
	void aLengthPrefixedMessageIsReadWholeAcrossTheDrain() throws Exception {
		Semaphore headers = new Semaphore(0);
		StreamRequestHandler lengthPrefixed = (request) -> {
			while (true) {
				byte[] header = request.rfile().readNBytes(4);
				if (header.length < 4) {
					return;
				}
				headers.release();
				byte[] body = request.rfile().readNBytes(ByteBuffer.wrap(header).getInt());
				request.wfile().write(body.length + ":" + new String(body, StandardCharsets.UTF_8) + "\n");
				request.wfile().flush();
			}
		};
		ServerOptions options = ServerOptions.builder().name("drained").threading(TestThreading.of("thread")).build();
		try (TcpServer server = new TcpServer(LOOPBACK, lengthPrefixed, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(message("one"));
			assertThat(client.readLine()).isEqualTo("3:one");
			client.send(ByteBuffer.allocate(4).putInt(5).array());
			assertThat(headers.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
			server.drain();
			client.send("three".getBytes(StandardCharsets.UTF_8));
			assertThat(client.readLine()).isEqualTo("5:three");
			assertThat(client.readLine()).isNull();
			assertThat(server.awaitRequests(Duration.ofSeconds(10))).isTrue();
		}
	}

	private static byte[] message(String text) {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
	}

}
