package io.github.socketserver.message;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.BaseServer;
import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TestThreading;
import io.github.socketserver.UdpServer;
import io.github.socketserver.UnixDatagramServer;
import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.codec.LengthFieldCodec;
import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message handler bound to real UDP and Unix datagram servers: one call per frame of a
 * datagram, replies sent as datagrams framed by the codec.
 */
class MessageDatagramHandlerTests {

	@TempDir
	Path directory;

	private final RecordingListener listener = new RecordingListener();

	private final List<String> handled = new CopyOnWriteArrayList<>();

	/**
	 * Answers each frame, counting the frames of its datagram in the datagram's
	 * attributes; fails on "boom".
	 */
	private final MessageHandler upperCase = new MessageHandler() {

		@Override
		public void handleMessage(Message message) {
			String text = message.text();
			if (text.equals("boom")) {
				throw new IllegalStateException("boom");
			}
			int index = (int) message.connection().attributes().merge("frames", 1, (a, b) -> (int) a + (int) b);
			MessageDatagramHandlerTests.this.handled.add(text);
			message.reply(index + ":" + text.toUpperCase());
		}

		@Override
		public void connectionOpened(MessageConnection connection) {
			throw new AssertionError("a datagram server has no connection to open");
		}

	};

	@ParameterizedTest
	@ValueSource(strings = { "udp", "unix" })
	void handlesEachFrameOfADatagramAndRepliesFramedByTheCodec(String family) throws Exception {
		try (BaseServer<DatagramRequest> server = server(family, new LineCodec(64));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send("ping\npong\nlast");
			assertThat(client.receiveAsString()).isEqualTo("1:PING\n");
			assertThat(client.receiveAsString()).isEqualTo("2:PONG\n");
			assertThat(client.receiveAsString()).isEqualTo("3:LAST\n");
			client.send("again\n");
			// Attributes live for one datagram.
			assertThat(client.receiveAsString()).isEqualTo("1:AGAIN\n");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "udp", "unix" })
	void dropsTheRestOfADatagramAtAFrameErrorCountsItAndServesTheNext(String family) throws Exception {
		try (BaseServer<DatagramRequest> server = server(family, new LengthFieldCodec(16, 1));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			// A frame, then one announcing 40 bytes: over the maximum of 16.
			client.send(new byte[] { 2, 'o', 'k', 40, 'x', 'x' });
			assertThat(client.receive()).containsExactly(4, '1', ':', 'O', 'K');
			await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.rejections.contains(Rejection.FRAME));
			assertThat(this.handled).containsExactly("ok");
			client.send(new byte[] { 4, 'n', 'e', 'x', 't' });
			assertThat(client.receive()).containsExactly(6, '1', ':', 'N', 'E', 'X', 'T');
		}
	}

	@Test
	void aHandlerThatThrowsFailsOnlyItsDatagram() throws Exception {
		try (BaseServer<DatagramRequest> server = server("udp", new LineCodec(64));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send("boom\nnever");
			client.send("fine");
			assertThat(client.receiveAsString()).isEqualTo("1:FINE\n");
			assertThat(this.handled).containsExactly("fine");
			assertThat(this.listener.rejections).doesNotContain(Rejection.FRAME);
		}
	}

	@Test
	void cutsLinesWithoutACodec() throws Exception {
		try (BaseServer<DatagramRequest> server = server("udp", null);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send("a\r\nb");
			assertThat(client.receiveAsString()).isEqualTo("1:A\n");
			assertThat(client.receiveAsString()).isEqualTo("2:B\n");
		}
	}

	private BaseServer<DatagramRequest> server(String family, FrameCodec codec) throws IOException {
		ServerOptions options = ServerOptions.builder()
			.name("messages")
			.threading(TestThreading.of("sync"))
			.codec(codec)
			.listener(this.listener)
			.build();
		MessageDatagramHandler handler = new MessageDatagramHandler(this.upperCase);
		return switch (family) {
			case "udp" -> new UdpServer(new InetSocketAddress("127.0.0.1", 0), handler, options);
			case "unix" -> new UnixDatagramServer(this.directory.resolve("messages.sock"), handler, options);
			default -> throw new IllegalArgumentException(family);
		};
	}

}
