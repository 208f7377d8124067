package io.github.socketserver.message;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.handler.IdleTimeoutException;
import io.github.socketserver.proxy.ProxyProtocolLayer;
import io.github.socketserver.proxy.ProxyProtocolMode;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message connection's timeouts, its backlog of unsent bytes, and the bytes a layer
 * read ahead.
 */
class MessageTimeoutTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final MessageHandler ECHO = (message) -> message.reply(message.bytes());

	@Test
	void aPusherWaitsForAClientThatDoesNotReadThenTheWriteTimeoutClosesIt() throws Exception {
		RecordingListener listener = new RecordingListener();
		AtomicReference<Throwable> pushFailure = new AtomicReference<>();
		MessageHandler flooding = (message) -> {
			MessageConnection connection = message.connection();
			Thread pusher = new Thread(() -> {
				try {
					while (true) {
						connection.send("x".repeat(8192));
					}
				}
				catch (RuntimeException ex) {
					pushFailure.set(ex);
				}
			});
			pusher.start();
		};
		try (TcpServer server = MessageEngineTests.tcp(flooding,
				MessageEngineTests.options("virtual").listener(listener).writeTimeout(Duration.ofMillis(500)));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.sendLine("flood me");
			await().atMost(WAIT).until(() -> pushFailure.get() != null);
			// The pusher sees the connection closed before the loop that closed it, when
			// it was the loop, has reported why.
			await().atMost(WAIT).until(() -> !listener.errors.isEmpty());
			assertThat(listener.errors).singleElement().isInstanceOf(SocketTimeoutException.class);
			// The backlog stayed bounded: what the socket buffers and one high-water
			// mark, not everything the pusher tried.
			assertThat(listener.bytesSent.get()).isLessThan(64L * 1024 * 1024);
			await().atMost(WAIT).until(() -> listener.connectionsClosed.get() == 1);
		}
	}

	@Test
	void aClientSilentForTheReadTimeoutIsClosed() throws Exception {
		RecordingListener listener = new RecordingListener();
		try (TcpServer server = MessageEngineTests.tcp(ECHO,
				// Long enough for the first line, sent once the connection is made, to
				// come in time on a loaded machine.
				MessageEngineTests.options("sync").listener(listener).readTimeout(Duration.ofSeconds(1)));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.sendLine("one");
			assertThat(client.readLine()).isEqualTo("one");
			assertThat(client.readLine()).isNull();
			assertThat(listener.errors).singleElement().isInstanceOf(SocketTimeoutException.class);
		}
	}

	@Test
	void aFrameNotWholeWithinTheIdleTimeoutIsClosedHoweverItTrickles() throws Exception {
		RecordingListener listener = new RecordingListener();
		try (TcpServer server = MessageEngineTests.tcp(ECHO,
				MessageEngineTests.options("virtual").listener(listener).idleTimeout(Duration.ofMillis(500)));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.sendLine("whole");
			assertThat(client.readLine()).isEqualTo("whole");
			await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
				try {
					client.send("x".getBytes(StandardCharsets.UTF_8));
				}
				catch (java.io.IOException ex) {
					return true;
				}
				return !listener.errors.isEmpty();
			});
			assertThat(listener.errors).singleElement().isInstanceOf(IdleTimeoutException.class);
			assertThat(client.readLine()).isNull();
		}
	}

	@Test
	void framesSentWithAProxyHeaderAreHandledWithTheProxiedClient() throws Exception {
		AtomicReference<Object> client = new AtomicReference<>();
		MessageHandler handler = (message) -> {
			client.set(message.clientAddress());
			message.reply(message.bytes());
		};
		try (TcpServer server = MessageEngineTests.tcp(handler,
				MessageEngineTests.options("sync")
					.addLayer(new ProxyProtocolLayer(ProxyProtocolMode.REQUIRED, ProxyProtocolLayer.EVERY_PEER,
							Duration.ofSeconds(5))));
				Serving serving = Serving.start(server);
				SocketTestClient proxied = SocketTestClient.connect(server.serverAddress())) {
			// The header and two frames in one write: the layer reads past the header,
			// and the engine takes what it read ahead first.
			proxied.send("PROXY TCP4 192.0.2.7 127.0.0.1 4000 80\r\none\ntwo\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(proxied.readLine()).isEqualTo("one");
			assertThat(proxied.readLine()).isEqualTo("two");
			assertThat(client.get()).isEqualTo(new InetSocketAddress("192.0.2.7", 4000));
		}
	}

}
