package io.github.socketserver;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.codec.DelimiterCodec;
import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameTooLongException;
import io.github.socketserver.codec.LengthFieldCodec;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
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
 * A stream handler reads frames with the server's codec through
 * {@code rfile().readFrame()}, over real TCP and Unix stream sockets.
 */
class ReadFrameTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private static final LengthFieldCodec LENGTH_PREFIXED = new LengthFieldCodec(64, 2);

	@TempDir
	Path directory;

	private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();

	/**
	 * Answers each frame with a line, and records how the reading ended.
	 */
	private final StreamRequestHandler frameEcho = (request) -> {
		try {
			for (byte[] frame = request.rfile().readFrame(); frame != null; frame = request.rfile().readFrame()) {
				request.wfile().write("<" + new String(frame, StandardCharsets.UTF_8) + ">\n");
			}
			this.outcomes.add("end");
		}
		catch (IOException | RuntimeException ex) {
			this.outcomes.add(ex);
			throw ex;
		}
	};

	@ParameterizedTest
	@ValueSource(strings = { "tcp", "unix" })
	void readsFramesSentTogetherAndInPartsAndEndsCleanlyBetweenFrames(String family) throws Exception {
		try (BaseServer<StreamRequest> server = server(family, this.frameEcho, options(LENGTH_PREFIXED));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(concat(frame("one"), frame(""), frame("three")));
			assertThat(client.readLine()).isEqualTo("<one>");
			assertThat(client.readLine()).isEqualTo("<>");
			assertThat(client.readLine()).isEqualTo("<three>");
			byte[] split = frame("in parts");
			client.send(new byte[] { split[0] });
			client.send(Arrays.copyOfRange(split, 1, 5));
			client.send(Arrays.copyOfRange(split, 5, split.length));
			assertThat(client.readLine()).isEqualTo("<in parts>");
			client.shutdownOutput();
			assertThat(client.readLine()).isNull();
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).isEqualTo("end");
		}
	}

	@Test
	void readsAFrameOfTheMaximumFarLargerThanTheReadBuffer() throws Exception {
		LengthFieldCodec large = new LengthFieldCodec(200_004, 4);
		StreamRequestHandler lengths = (request) -> {
			for (byte[] frame = request.rfile().readFrame(); frame != null; frame = request.rfile().readFrame()) {
				request.wfile().write(frame.length + "\n");
			}
		};
		try (TcpServer server = new TcpServer(LOOPBACK, lengths, options(large));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			ByteBuffer frame = large.encode(ByteBuffer.allocate(200_000));
			ByteBuffer tooLong = large.encode(ByteBuffer.allocate(200_001));
			client.send(concat(frame.array(), frame.array()));
			assertThat(client.readLine()).isEqualTo("200000");
			assertThat(client.readLine()).isEqualTo("200000");
			// Refused on its header: the server reads none of its body.
			client.send(Arrays.copyOf(tooLong.array(), 4));
			assertThat(client.readLine()).isNull();
		}
	}

	@Test
	void failsWithEndOfFileWhenTheStreamEndsInsideAFrame() throws Exception {
		try (TcpServer server = new TcpServer(LOOPBACK, this.frameEcho, options(LENGTH_PREFIXED));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(new byte[] { 0, 5, 'a', 'b' });
			client.shutdownOutput();
			assertThat(client.readLine()).isNull();
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).isInstanceOf(EOFException.class)
				.asString()
				.contains("after 4 of its bytes");
		}
	}

	@Test
	void logsAStreamEndedInsideAFrameAsTheClientsFaultWithoutAStackTrace() throws Exception {
		try (LogCapture logs = new LogCapture();
				TcpServer server = new TcpServer(LOOPBACK, this.frameEcho, options(LENGTH_PREFIXED));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(new byte[] { 0, 5, 'a', 'b' });
			client.shutdownOutput();
			assertThat(client.readLine()).isNull();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> logs.messages().stream().anyMatch((line) -> line.contains("request from")));
			assertThat(logs.messages()).filteredOn((line) -> line.contains("request from"))
				.singleElement()
				.asString()
				.contains("ended the request from")
				.contains("EOFException: The stream ended inside a frame");
			assertThat(logs.errors()).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "tcp", "unix" })
	void closesAConnectionWhoseFrameIsTooLongCountsItAndServesOthers(String family) throws Exception {
		RecordingListener listener = new RecordingListener();
		ServerOptions options = ServerOptions.builder()
			.name("frames")
			.threading(TestThreading.of("thread"))
			.codec(new LineCodec(16))
			.listener(listener)
			.build();
		try (BaseServer<StreamRequest> server = server(family, this.frameEcho, options);
				Serving serving = Serving.start(server);
				SocketTestClient flooding = SocketTestClient.connect(server.serverAddress());
				SocketTestClient other = SocketTestClient.connect(server.serverAddress())) {
			// Sixteen bytes without a line end: refused at once, though the line goes on.
			flooding.send("x".repeat(16));
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).isInstanceOf(FrameTooLongException.class);
			assertThat(flooding.readLine()).isNull();
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.rejections.contains(Rejection.FRAME));
			other.sendLine("still here");
			assertThat(other.readLine()).isEqualTo("<still here>");
		}
	}

	@Test
	void logsGarbageAsOneWarningWithTheBytesEscapedAndNoStackTrace() throws Exception {
		ServerOptions options = ServerOptions.builder()
			.name("frames")
			.threading(TestThreading.of("thread"))
			.codec(new DelimiterCodec(64, new byte[] { 0x02 }, new byte[] { 0x03 }))
			.build();
		try (LogCapture logs = new LogCapture();
				TcpServer server = new TcpServer(LOOPBACK, this.frameEcho, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("\u001b[2Jgarbage\n");
			assertThat(client.readLine()).isNull();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> logs.messages().stream().anyMatch((line) -> line.contains("ended the request from")));
			assertThat(logs.messages()).filteredOn((line) -> line.contains("ended the request from"))
				.singleElement()
				.asString()
				.contains("FrameException: Bytes before the start of a frame: 0x1b 0x5b 0x32 0x4a")
				.doesNotContain("\u001b");
			assertThat(logs.errors()).isEmpty();
		}
	}

	@Test
	void endsAWaitForTheNextFrameWhenTheServerDrains() throws Exception {
		try (TcpServer server = new TcpServer(LOOPBACK, this.frameEcho, options(LENGTH_PREFIXED));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(frame("answered"));
			assertThat(client.readLine()).isEqualTo("<answered>");
			server.drain();
			assertThat(client.readLine()).isNull();
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).isEqualTo("end");
			assertThat(server.awaitRequests(Duration.ofSeconds(10))).isTrue();
		}
	}

	@Test
	void readsWholeAFrameWhoseFirstBytesWereReadBeforeTheDrain() throws Exception {
		RecordingListener listener = new RecordingListener();
		ServerOptions options = ServerOptions.builder()
			.name("frames")
			.threading(TestThreading.of("thread"))
			.codec(LENGTH_PREFIXED)
			.listener(listener)
			.build();
		try (TcpServer server = new TcpServer(LOOPBACK, this.frameEcho, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			byte[] first = frame("answered");
			client.send(first);
			assertThat(client.readLine()).isEqualTo("<answered>");
			byte[] second = frame("across the drain");
			client.send(Arrays.copyOfRange(second, 0, 4));
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.bytesReceived.get() == first.length + 4);
			server.drain();
			client.send(Arrays.copyOfRange(second, 4, second.length));
			assertThat(client.readLine()).isEqualTo("<across the drain>");
			assertThat(client.readLine()).isNull();
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).isEqualTo("end");
		}
	}

	@Test
	void asksToConfigureFramingWhenTheServerHasNoCodec() throws Exception {
		try (TcpServer server = new TcpServer(LOOPBACK, this.frameEcho, options(null));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.sendLine("hello");
			assertThat(this.outcomes.poll(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
				.asString()
				.contains("configure the server's framing");
			assertThat(client.readLine()).isNull();
		}
	}

	private BaseServer<StreamRequest> server(String family, StreamRequestHandler handler, ServerOptions options)
			throws IOException {
		return switch (family) {
			case "tcp" -> new TcpServer(LOOPBACK, handler, options);
			case "unix" -> new UnixStreamServer(this.directory.resolve("frames.sock"), handler, options);
			default -> throw new IllegalArgumentException(family);
		};
	}

	private static ServerOptions options(FrameCodec codec) {
		return ServerOptions.builder().name("frames").threading(TestThreading.of("thread")).codec(codec).build();
	}

	private static byte[] frame(String text) {
		ByteBuffer framed = LENGTH_PREFIXED.encode(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
		byte[] bytes = new byte[framed.remaining()];
		framed.get(bytes);
		return bytes;
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
