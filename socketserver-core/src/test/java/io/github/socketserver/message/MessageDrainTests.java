package io.github.socketserver.message;

import java.nio.charset.StandardCharsets;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A drain of a message server finishes the frames already read and ends idle connections
 * at once; an adopted connection holds its place until it closes.
 */
class MessageDrainTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual", "pool" })
	void aDrainFinishesTheFramesReadAndEndsIdleConnectionsAtOnce(String threading) throws Exception {
		CountDownLatch blocked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		MessageHandler handler = (message) -> {
			if (message.text().equals("block")) {
				blocked.countDown();
				assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
			}
			message.reply(message.bytes());
		};
		try (TcpServer server = MessageEngineTests.tcp(handler, MessageEngineTests.options(threading));
				Serving serving = Serving.start(server);
				SocketTestClient idle = SocketTestClient.connect(server.serverAddress());
				SocketTestClient busy = SocketTestClient.connect(server.serverAddress())) {
			idle.sendLine("hello");
			assertThat(idle.readLine()).isEqualTo("hello");
			busy.send("first\nblock\nsecond\nthird\n".getBytes(StandardCharsets.UTF_8));
			assertThat(blocked.await(20, TimeUnit.SECONDS)).isTrue();
			server.drain();
			if (!threading.equals("sync")) {
				// A sync handler blocks the loop, which holds back the idle connection.
				assertThat(idle.readLine()).isNull();
			}
			release.countDown();
			// The replies to frames read together leave together, once the last is
			// handled: "first" waited for "block".
			assertThat(busy.readLine()).isEqualTo("first");
			assertThat(busy.readLine()).isEqualTo("block");
			assertThat(busy.readLine()).isEqualTo("second");
			assertThat(busy.readLine()).isEqualTo("third");
			assertThat(busy.readLine()).isNull();
			assertThat(idle.readLine()).isNull();
			assertThat(server.awaitRequests(WAIT)).isTrue();
		}
	}

	@Test
	void aConnectionWhoseFramesFindThePoolFullIsRefusedAndClosed() throws Exception {
		RecordingListener listener = new RecordingListener();
		CountDownLatch blocked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		MessageHandler handler = (message) -> {
			if (message.text().equals("block")) {
				blocked.countDown();
				assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
			}
			message.reply(message.bytes());
		};
		try (TcpServer server = MessageEngineTests.tcp(handler,
				MessageEngineTests.options("sync").threading(Threading.pool(1, 0)).listener(listener));
				Serving serving = Serving.start(server);
				SocketTestClient busy = SocketTestClient.connect(server.serverAddress())) {
			busy.sendLine("block");
			assertThat(blocked.await(20, TimeUnit.SECONDS)).isTrue();
			// Connected only now: opened while busy's opening held the pool's room, it
			// could take the room busy's frame then needed.
			try (SocketTestClient refused = SocketTestClient.connect(server.serverAddress())) {
				refused.sendLine("no room");
				assertThat(refused.readLine()).isNull();
			}
			assertThat(listener.rejections).containsExactly(Rejection.QUEUE_FULL);
			release.countDown();
			assertThat(busy.readLine()).isEqualTo("block");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual" })
	void anAdoptedConnectionHoldsItsPlaceUntilItCloses(String threading) throws Exception {
		RecordingListener listener = new RecordingListener();
		MessageHandler handler = (message) -> message.reply(message.bytes());
		try (TcpServer server = MessageEngineTests.tcp(handler,
				MessageEngineTests.options(threading).listener(listener).maxRequests(1));
				Serving serving = Serving.start(server)) {
			try (SocketTestClient first = SocketTestClient.connect(server.serverAddress())) {
				first.sendLine("one");
				assertThat(first.readLine()).isEqualTo("one");
				try (SocketTestClient refused = SocketTestClient.connect(server.serverAddress())) {
					assertThat(refused.readLine()).isNull();
				}
				assertThat(listener.rejections).containsExactly(Rejection.LIMIT);
				first.sendLine("still one");
				assertThat(first.readLine()).isEqualTo("still one");
			}
			await().atMost(WAIT).until(() -> server.activeRequests() == 0);
			try (SocketTestClient next = SocketTestClient.connect(server.serverAddress())) {
				next.sendLine("two");
				assertThat(next.readLine()).isEqualTo("two");
			}
		}
	}

	@Test
	void aCloseTellsTheHandlerOfEveryConnectionAlsoWhenThePoolIsBusy() throws Exception {
		RecordingListener listener = new RecordingListener();
		CountDownLatch blocked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Set<SocketAddress> closed = ConcurrentHashMap.newKeySet();
		MessageHandler handler = new MessageHandler() {

			@Override
			public void handleMessage(Message message) throws Exception {
				if (message.text().equals("block")) {
					blocked.countDown();
					assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
				}
				message.reply(message.bytes());
			}

			@Override
			public void connectionClosed(MessageConnection connection) {
				closed.add(connection.clientAddress());
			}

		};
		try (TcpServer server = MessageEngineTests.tcp(handler,
				MessageEngineTests.options("pool").threading(Threading.pool(1, 4)).listener(listener));
				Serving serving = Serving.start(server);
				SocketTestClient idle = SocketTestClient.connect(server.serverAddress());
				SocketTestClient busy = SocketTestClient.connect(server.serverAddress());
				SocketTestClient waiting = SocketTestClient.connect(server.serverAddress())) {
			idle.sendLine("hello");
			assertThat(idle.readLine()).isEqualTo("hello");
			// Each connection is adopted through the pool's one thread: waiting's must be
			// done before that thread blocks, or its bytes are never read.
			waiting.sendLine("ready");
			assertThat(waiting.readLine()).isEqualTo("ready");
			busy.sendLine("block");
			assertThat(blocked.await(20, TimeUnit.SECONDS)).isTrue();
			// Its frame waits in the pool's queue behind the blocked one: the loop that
			// counted its bytes has handed it to the pool before it closes anything.
			waiting.sendLine("queued");
			await().atMost(WAIT).until(() -> listener.bytesReceived.get() == "hello\nready\nblock\nqueued\n".length());
			// The grace period ends with the only thread still blocked: the engine closes
			// every connection, and the pool lets go of what waits in its queue.
			server.close(Duration.ofMillis(100));
			release.countDown();
			await().atMost(WAIT).until(() -> closed.size() == 3);
		}
	}

}
