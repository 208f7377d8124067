package io.github.socketserver;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.LengthFieldCodec;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code DatagramRequest.frames()} cuts each datagram with the server's codec, as a
 * statsd server needs, over a real UDP socket.
 */
class DatagramFramesTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private final RecordingListener listener = new RecordingListener();

	/**
	 * Replies with the frames it got, between brackets.
	 */
	private final DatagramRequestHandler framesReply = (request) -> {
		List<String> frames = new ArrayList<>();
		for (byte[] frame : request.frames()) {
			frames.add("[" + new String(frame, StandardCharsets.UTF_8) + "]");
		}
		request.reply(String.join("", frames).getBytes(StandardCharsets.UTF_8));
	};

	@Test
	void cutsADatagramOfManyLinesWithOrWithoutAFinalLineEnd() throws Exception {
		try (UdpServer server = new UdpServer(LOOPBACK, this.framesReply, options(new LineCodec(64)));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send("api.hits:1|c\napi.ms:320|ms|@0.1\r\nusers:+3|g");
			assertThat(client.receiveAsString()).isEqualTo("[api.hits:1|c][api.ms:320|ms|@0.1][users:+3|g]");
			client.send("one:1|c\ntwo:2|c\n");
			assertThat(client.receiveAsString()).isEqualTo("[one:1|c][two:2|c]");
			client.send("single:1|c");
			assertThat(client.receiveAsString()).isEqualTo("[single:1|c]");
		}
	}

	@Test
	void refusesADatagramWithALineOverTheMaximumCountsItAndServesTheNext() throws Exception {
		try (UdpServer server = new UdpServer(LOOPBACK, this.framesReply, options(new LineCodec(16)));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send("ok:1|c\n" + "x".repeat(40) + "\nafter:1|c");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.rejections.contains(Rejection.FRAME));
			client.send("next:1|c");
			assertThat(client.receiveAsString()).isEqualTo("[next:1|c]");
		}
	}

	@Test
	void refusesADatagramEndingInsideAFrame() throws Exception {
		try (UdpServer server = new UdpServer(LOOPBACK, this.framesReply, options(new LengthFieldCodec(64, 1)));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send(new byte[] { 2, 'o', 'k', 3, 'x' });
			await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.rejections.contains(Rejection.FRAME));
			client.send(new byte[] { 2, 'o', 'k', 0, 1, '!' });
			assertThat(client.receiveAsString()).isEqualTo("[ok][][!]");
		}
	}

	@Test
	void takesTheWholeDatagramAsOneFrameWithoutACodec() throws Exception {
		try (UdpServer server = new UdpServer(LOOPBACK, this.framesReply, options(null));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
			client.send("a\nb");
			assertThat(client.receiveAsString()).isEqualTo("[a\nb]");
		}
	}

	private ServerOptions options(FrameCodec codec) {
		return ServerOptions.builder()
			.name("statsd")
			.threading(TestThreading.of("sync"))
			.codec(codec)
			.listener(this.listener)
			.build();
	}

}
