package io.github.socketserver.message;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameException;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A codec of the user's own that gives a frame without taking its bytes would give it
 * forever: the engine fails the connection as a frame error rather than loop on it, and
 * serves the others.
 */
class StalledCodecTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual" })
	void failsAFrameThatTookNoBytes(String threading) throws Exception {
		RecordingListener listener = new RecordingListener();
		MessageHandler echo = (message) -> message.reply(message.bytes());
		try (TcpServer server = MessageEngineTests.tcp(echo,
				MessageEngineTests.options(threading).listener(listener).codec(new StallingOnBang()));
				Serving serving = Serving.start(server);
				SocketTestClient stalling = SocketTestClient.connect(server.serverAddress());
				SocketTestClient other = SocketTestClient.connect(server.serverAddress())) {
			stalling.send("!\n".getBytes(StandardCharsets.UTF_8));
			assertThat(stalling.readLine()).isNull();
			await().atMost(WAIT).until(() -> listener.rejections.contains(Rejection.FRAME));
			other.send("still here\n".getBytes(StandardCharsets.UTF_8));
			assertThat(other.readLine()).isEqualTo("still here");
		}
	}

	@Test
	void aStreamHandlerReadingFramesFailsThemToo() throws Exception {
		RecordingListener listener = new RecordingListener();
		StreamRequestHandler echo = (request) -> {
			for (byte[] frame = request.rfile().readFrame(); frame != null; frame = request.rfile().readFrame()) {
				request.wfile().write(frame);
				request.wfile().write('\n');
			}
		};
		ServerOptions options = MessageEngineTests.options("thread")
			.listener(listener)
			.codec(new StallingOnBang())
			.build();
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), echo, options);
				Serving serving = Serving.start(server);
				SocketTestClient stalling = SocketTestClient.connect(server.serverAddress())) {
			stalling.send("!\n".getBytes(StandardCharsets.UTF_8));
			assertThat(stalling.readLine()).isNull();
			await().atMost(WAIT).until(() -> listener.rejections.contains(Rejection.FRAME));
		}
	}

	/**
	 * Lines, except that a line starting with {@code !} is given as an empty frame whose
	 * bytes stay in the buffer.
	 */
	private static final class StallingOnBang implements FrameCodec {

		private final LineCodec lines = new LineCodec(1024);

		@Override
		public byte @Nullable [] decode(ByteBuffer buffer) throws FrameException {
			if (buffer.hasRemaining() && buffer.get(buffer.position()) == '!') {
				return new byte[0];
			}
			return this.lines.decode(buffer);
		}

		@Override
		public ByteBuffer encode(ByteBuffer payload) {
			return this.lines.encode(payload);
		}

		@Override
		public int maxFrameLength() {
			return this.lines.maxFrameLength();
		}

	}

}
