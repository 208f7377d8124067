package io.github.socketserver.message;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.TestThreading;
import io.github.socketserver.UnixStreamServer;
import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameException;
import io.github.socketserver.codec.FrameTooLongException;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message server over real sockets: frames in order, replies in order, and a bad client
 * or a failing handler ending its own connection only.
 */
class MessageEngineTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@TempDir
	Path directory;

	static TcpServer tcp(MessageHandler handler, ServerOptions.Builder options) throws IOException {
		return new TcpServer(new InetSocketAddress("127.0.0.1", 0), new MessageStreamHandler(handler),
				options.codec((options.build().codec() != null) ? options.build().codec() : new TestLines()).build());
	}

	static ServerOptions.Builder options(String threading) {
		return ServerOptions.builder().name("messages").threading(TestThreading.of(threading));
	}

	private static final MessageHandler ECHO = (message) -> message.reply(message.bytes());

	@ParameterizedTest
	@ValueSource(strings = { "sync", "thread", "virtual", "pool" })
	void answersAThousandPipelinedFramesInOrder(String threading) throws Exception {
		try (TcpServer server = tcp(ECHO, options(threading));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(numberedLines(1000));
			for (int i = 0; i < 1000; i++) {
				assertThat(client.readLine()).isEqualTo("frame " + i);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual" })
	void answersPipelinedFramesInOrderOverAUnixSocket(String threading) throws Exception {
		Path path = this.directory.resolve("messages.sock");
		try (UnixStreamServer server = new UnixStreamServer(path, new MessageStreamHandler(ECHO),
				options(threading).codec(new TestLines()).build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.unix(path)) {
			client.send(numberedLines(1000));
			for (int i = 0; i < 1000; i++) {
				assertThat(client.readLine()).isEqualTo("frame " + i);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual" })
	void keepsEveryFrameWholeWhenAnotherThreadPushesBetweenReplies(String threading) throws Exception {
		int pushes = 2000;
		MessageHandler pushing = (message) -> {
			if (message.text().equals("start")) {
				MessageConnection connection = message.connection();
				Thread pusher = new Thread(() -> {
					for (int i = 0; i < pushes; i++) {
						connection.send("push " + i + " " + "x".repeat(i % 100));
					}
				});
				pusher.start();
			}
			message.reply("reply " + message.text());
		};
		try (TcpServer server = tcp(pushing, options(threading));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.sendLine("start");
			client.send(numberedLines(1000));
			int replies = -2;
			int pushed = 0;
			while (replies < 999 || pushed < pushes) {
				String line = client.readLine();
				assertThat(line).isNotNull();
				if (line.startsWith("push ")) {
					assertThat(line).isEqualTo("push " + pushed + " " + "x".repeat(pushed % 100));
					pushed++;
				}
				else if (line.equals("reply start")) {
					assertThat(replies).isEqualTo(-2);
					replies = -1;
				}
				else {
					assertThat(line).isEqualTo("reply frame " + (replies + 1));
					replies++;
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "pool" })
	void tellsTheHandlerOfAClientGoneWithinAFrameAndServesOthers(String threading) throws Exception {
		AtomicInteger opened = new AtomicInteger();
		CountDownLatch closed = new CountDownLatch(1);
		MessageHandler handler = new MessageHandler() {

			@Override
			public void connectionOpened(MessageConnection connection) {
				opened.incrementAndGet();
			}

			@Override
			public void handleMessage(Message message) {
				message.reply(message.bytes());
			}

			@Override
			public void connectionClosed(MessageConnection connection) {
				assertThat(connection.isOpen()).isFalse();
				closed.countDown();
			}

		};
		try (TcpServer server = tcp(handler, options(threading)); Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.send("half a fra".getBytes(StandardCharsets.UTF_8));
			}
			assertThat(closed.await(20, TimeUnit.SECONDS)).isTrue();
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.sendLine("next");
				assertThat(client.readLine()).isEqualTo("next");
			}
			assertThat(opened).hasValue(2);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual" })
	void tellsTheHandlerOfACloseItAskedForOnlyOnceItsFrameIsDone(String threading) throws Exception {
		AtomicBoolean handling = new AtomicBoolean();
		AtomicBoolean toldWhileHandling = new AtomicBoolean();
		CountDownLatch closed = new CountDownLatch(1);
		MessageHandler handler = new MessageHandler() {

			@Override
			public void handleMessage(Message message) {
				handling.set(true);
				message.connection().close();
				handling.set(false);
			}

			@Override
			public void connectionClosed(MessageConnection connection) {
				toldWhileHandling.set(handling.get());
				closed.countDown();
			}

		};
		try (TcpServer server = tcp(handler, options(threading));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.sendLine("quit");
			assertThat(client.readLine()).isNull();
			assertThat(closed.await(20, TimeUnit.SECONDS)).isTrue();
			assertThat(toldWhileHandling).isFalse();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual" })
	void handsNoFrameToTheHandlerOnceItWasToldTheConnectionClosed(String threading) throws Exception {
		CountDownLatch decoding = new CountDownLatch(1);
		CountDownLatch closedElsewhere = new CountDownLatch(1);
		AtomicReference<MessageConnection> opened = new AtomicReference<>();
		AtomicBoolean told = new AtomicBoolean();
		AtomicBoolean handledAfterClose = new AtomicBoolean();
		TestLines lines = new TestLines();
		FrameCodec codec = new FrameCodec() {

			@Override
			public byte @Nullable [] decode(ByteBuffer buffer) throws FrameException {
				decoding.countDown();
				try {
					assertThat(closedElsewhere.await(20, TimeUnit.SECONDS)).isTrue();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return lines.decode(buffer);
			}

			@Override
			public ByteBuffer encode(ByteBuffer payload) {
				return lines.encode(payload);
			}

			@Override
			public int maxFrameLength() {
				return lines.maxFrameLength();
			}

		};
		MessageHandler handler = new MessageHandler() {

			@Override
			public void connectionOpened(MessageConnection connection) {
				opened.compareAndSet(null, connection);
			}

			@Override
			public void handleMessage(Message message) {
				if (message.connection() == opened.get()) {
					handledAfterClose.compareAndSet(false, told.get());
				}
				message.reply(message.bytes());
			}

			@Override
			public void connectionClosed(MessageConnection connection) {
				if (connection == opened.get()) {
					told.set(true);
				}
			}

		};
		try (TcpServer server = tcp(handler, options(threading).codec(codec));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.sendLine("late");
			assertThat(decoding.await(20, TimeUnit.SECONDS)).isTrue();
			// Another thread closes the connection while the loop cuts the frame.
			opened.get().close();
			assertThat(told).isTrue();
			closedElsewhere.countDown();
			assertThat(client.readLine()).isNull();
			// Connections go to the loops in turn: one per loop, each answered, shows
			// that
			// every loop, the first one's too, is done with what it read before.
			for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
				try (SocketTestClient other = SocketTestClient.connect(server.serverAddress())) {
					other.sendLine("other");
					assertThat(other.readLine()).isEqualTo("other");
				}
			}
			assertThat(handledAfterClose).isFalse();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "thread" })
	void closesTheConnectionOfAFailingHandlerAndCountsItsError(String threading) throws Exception {
		RecordingListener listener = new RecordingListener();
		MessageHandler failing = (message) -> {
			if (message.text().equals("fail")) {
				throw new IllegalStateException("failed on purpose");
			}
			message.reply(message.bytes());
		};
		try (TcpServer server = tcp(failing, options(threading).listener(listener));
				Serving serving = Serving.start(server);
				SocketTestClient failed = SocketTestClient.connect(server.serverAddress());
				SocketTestClient other = SocketTestClient.connect(server.serverAddress())) {
			failed.send("one\nfail\nnever\n".getBytes(StandardCharsets.UTF_8));
			assertThat(failed.readLine()).isEqualTo("one");
			assertThat(failed.readLine()).isNull();
			await().atMost(WAIT).until(() -> listener.connectionsClosed.get() == 1);
			assertThat(listener.errors).singleElement().isInstanceOf(IllegalStateException.class);
			other.sendLine("still here");
			assertThat(other.readLine()).isEqualTo("still here");
			// one, fail, and the other's frame: the frame after the failure is dropped.
			await().atMost(WAIT).until(() -> listener.requestsFinished.get() == 3);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual" })
	void refusesAFrameOverTheMaximum(String threading) throws Exception {
		RecordingListener listener = new RecordingListener();
		try (TcpServer server = tcp(ECHO, options(threading).listener(listener).codec(new TestLines(16)));
				Serving serving = Serving.start(server);
				SocketTestClient tooLong = SocketTestClient.connect(server.serverAddress());
				SocketTestClient other = SocketTestClient.connect(server.serverAddress())) {
			tooLong.send("short\n".getBytes(StandardCharsets.UTF_8));
			assertThat(tooLong.readLine()).isEqualTo("short");
			tooLong.send("x".repeat(40).getBytes(StandardCharsets.UTF_8));
			assertThat(tooLong.readLine()).isNull();
			await().atMost(WAIT).until(() -> listener.rejections.contains(Rejection.FRAME));
			assertThat(listener.errors).singleElement().isInstanceOf(FrameTooLongException.class);
			other.sendLine("fine");
			assertThat(other.readLine()).isEqualTo("fine");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual" })
	void joinsAFrameSentInManyPieces(String threading) throws Exception {
		String line = "0123456789".repeat(500);
		try (TcpServer server = tcp(ECHO, options(threading));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			byte[] bytes = (line + "\nnext\n").getBytes(StandardCharsets.UTF_8);
			for (int start = 0; start < bytes.length; start += 97) {
				client.send(java.util.Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + 97)));
			}
			assertThat(client.readLine()).isEqualTo(line);
			assertThat(client.readLine()).isEqualTo("next");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual" })
	void writesRepliesLargerThanTheSocketTakesAtOnceAsTheClientReads(String threading) throws Exception {
		String large = "y".repeat(4 * 1024 * 1024);
		MessageHandler handler = (message) -> message.reply(large);
		try (TcpServer server = tcp(handler, options(threading));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.sendLine("big");
			client.sendLine("again");
			assertThat(client.readLine()).isEqualTo(large);
			assertThat(client.readLine()).isEqualTo(large);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual" })
	void sendsAGreetingLargerThanTheSocketTakesAsTheClientReads(String threading) throws Exception {
		String line = "g".repeat(8000);
		int lines = 1000;
		MessageHandler handler = new MessageHandler() {

			@Override
			public void connectionOpened(MessageConnection connection) {
				// More than the socket and the backlog take before the client reads.
				for (int i = 0; i < lines; i++) {
					connection.send(line);
				}
			}

			@Override
			public void handleMessage(Message message) {
				message.reply(message.bytes());
			}

		};
		try (TcpServer server = tcp(handler, options(threading));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			for (int i = 0; i < lines; i++) {
				assertThat(client.readLine()).isEqualTo(line);
			}
			client.sendLine("after");
			assertThat(client.readLine()).isEqualTo("after");
		}
	}

	@Test
	void countsTheBytesOfEveryConnection() throws Exception {
		RecordingListener listener = new RecordingListener();
		try (TcpServer server = tcp(ECHO, options("sync").listener(listener));
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(numberedLines(10));
			for (int i = 0; i < 10; i++) {
				assertThat(client.readLine()).isEqualTo("frame " + i);
			}
			long length = numberedLines(10).length;
			await().atMost(WAIT).until(() -> listener.bytesSent.get() == length);
			assertThat(listener.bytesReceived).hasValue(length);
		}
	}

	static byte[] numberedLines(int count) {
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < count; i++) {
			lines.append("frame ").append(i).append('\n');
		}
		return lines.toString().getBytes(StandardCharsets.UTF_8);
	}

}
