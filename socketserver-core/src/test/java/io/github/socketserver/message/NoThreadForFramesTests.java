package io.github.socketserver.message;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.connection.Connection;
import io.github.socketserver.connection.TrafficListener;
import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.RequestExecutor;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A threading mode that cannot give a connection's frames a thread (the host refuses one
 * more: "unable to create native thread") refuses them as a full pool does: the
 * connection closes, and its handler is told, once.
 */
class NoThreadForFramesTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/**
	 * A mode whose every thread the host refuses.
	 */
	private static final RequestExecutor NO_THREADS = (request) -> {
		throw new OutOfMemoryError(
				"unable to create native thread: possibly out of memory or process/resource limits reached");
	};

	private final List<MessageConnection> told = new CopyOnWriteArrayList<>();

	private final List<String> handled = new CopyOnWriteArrayList<>();

	private final MessageHandler handler = new MessageHandler() {

		@Override
		public void handleMessage(Message message) {
			NoThreadForFramesTests.this.handled.add(message.text());
		}

		@Override
		public void connectionClosed(MessageConnection connection) {
			NoThreadForFramesTests.this.told.add(connection);
		}

	};

	@Test
	void aFrameWithNoThreadIsRefusedAndItsConnectionClosedAndTold() throws Exception {
		try (ServerSocketChannel listening = listen();
				SocketTestClient client = SocketTestClient.connect(listening.getLocalAddress());
				MessageEngine engine = engine()) {
			Recorded adopted = adopt(engine, listening);
			client.sendLine("hello");
			assertThat(client.readLine()).isNull();
			await().atMost(WAIT).until(() -> this.told.size() == 1);
			assertThat(adopted.rejections).containsExactly(Rejection.QUEUE_FULL);
			assertThat(adopted.closed).isTrue();
			assertThat(this.handled).isEmpty();
		}
	}

	@Test
	void aCloseNoticeWithNoThreadIsToldOnTheLoop() throws Exception {
		try (ServerSocketChannel listening = listen(); MessageEngine engine = engine()) {
			Recorded adopted;
			try (SocketTestClient client = SocketTestClient.connect(listening.getLocalAddress())) {
				adopted = adopt(engine, listening);
			}
			await().atMost(WAIT).until(() -> this.told.size() == 1);
			assertThat(adopted.closed).isTrue();
			assertThat(adopted.rejections).isEmpty();
		}
	}

	private MessageEngine engine() {
		ServerOptions options = ServerOptions.builder()
			.name("messages")
			.threading(Threading.thread())
			.codec(new TestLines())
			.build();
		return new MessageEngine(this.handler, options, NO_THREADS, 1);
	}

	private static ServerSocketChannel listen() throws IOException {
		return ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
	}

	private static Recorded adopt(MessageEngine engine, ServerSocketChannel listening) throws IOException {
		SocketChannel channel = listening.accept();
		SocketAddress client = channel.getRemoteAddress();
		StreamRequest request = new StreamRequest(Connection.accepted(channel, client, TrafficListener.NONE),
				new Server(listening.getLocalAddress()), 8192);
		Recorded adopted = new Recorded(request);
		assertThat(engine.adopt(adopted)).isTrue();
		return adopted;
	}

	private record Server(SocketAddress serverAddress) implements RequestServer {

		@Override
		public String name() {
			return "messages";
		}

		@Override
		public void shutdown() {
		}

	}

	/**
	 * What the engine told the server of one connection.
	 */
	private static final class Recorded implements AdoptedConnection {

		private final StreamRequest request;

		final List<Rejection> rejections = new CopyOnWriteArrayList<>();

		volatile boolean closed;

		Recorded(StreamRequest request) {
			this.request = request;
		}

		@Override
		public StreamRequest request() {
			return this.request;
		}

		@Override
		public @Nullable Object frameStarted() {
			return null;
		}

		@Override
		public void frameFinished(@Nullable Object state, @Nullable Throwable failure, long durationNanos) {
		}

		@Override
		public void reportError(Exception exception) {
		}

		@Override
		public void rejected(Rejection reason) {
			this.rejections.add(reason);
		}

		@Override
		public void closed() {
			this.closed = true;
			try {
				this.request.close();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
