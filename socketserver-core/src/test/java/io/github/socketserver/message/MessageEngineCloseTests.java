package io.github.socketserver.message;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a message server stops every loop at once: one held by a handler that does not
 * return keeps its own connections only, while the others close theirs.
 */
class MessageEngineCloseTests {

	@Test
	void aLoopHeldByAHandlerDoesNotHoldBackTheClosingOfTheOthers() throws Exception {
		Holding holding = new Holding();
		TcpServer server = MessageEngineTests.tcp(holding, MessageEngineTests.options("sync").messageLoops(2));
		// No grace period: the close stops the loops at once.
		Thread closing = new Thread(() -> server.close(Duration.ZERO));
		try (Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress());
				SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
			// In sync mode the handler runs on the loop: the first connection's loop is
			// held.
			second.sendLine("hello");
			assertThat(second.readLine()).isEqualTo("hello");
			first.sendLine("hold");
			assertThat(holding.held.await(20, TimeUnit.SECONDS)).isTrue();
			closing.start();
			// The second loop closes its connection while the first is still held, well
			// before the close's wait for the first loop (10 s) would give up on it.
			assertThat(readLineWithin(second, 5)).isEqualTo("null");
			assertThat(closing.isAlive()).isTrue();
		}
		finally {
			holding.release.countDown();
			closing.join(TimeUnit.SECONDS.toMillis(30));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual", "pool" })
	void aCloseWithAGracePeriodEndsIdleConnectionsAtOnceAndLetsAFrameInFlightFinish(String threading) throws Exception {
		Holding holding = new Holding();
		TcpServer server = MessageEngineTests.tcp(holding,
				MessageEngineTests.options(threading).messageLoops(2).shutdownTimeout(Duration.ofSeconds(30)));
		CompletableFuture<Void> closing = null;
		try (Serving serving = Serving.start(server);
				SocketTestClient busy = SocketTestClient.connect(server.serverAddress());
				SocketTestClient idle = SocketTestClient.connect(server.serverAddress())) {
			idle.sendLine("hello");
			assertThat(idle.readLine()).isEqualTo("hello");
			busy.sendLine("hold");
			assertThat(holding.held.await(20, TimeUnit.SECONDS)).isTrue();
			closing = CompletableFuture.runAsync(() -> server.close(Duration.ofSeconds(30)),
					MessageEngineCloseTests::ownThread);
			// The idle connection has nothing in flight: it closes at once, not after the
			// grace period.
			assertThat(readLineWithin(idle, 5)).isEqualTo("null");
			holding.release.countDown();
			assertThat(busy.readLine()).isEqualTo("hold");
			assertThat(busy.readLine()).isNull();
			closing.get(20, TimeUnit.SECONDS);
		}
		finally {
			holding.release.countDown();
			server.close(Duration.ZERO);
		}
	}

	private static String readLineWithin(SocketTestClient client, int seconds) throws Exception {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return String.valueOf(client.readLine());
			}
			catch (IOException ex) {
				return ex.toString();
			}
		}, MessageEngineCloseTests::ownThread).get(seconds, TimeUnit.SECONDS);
	}

	/**
	 * Runs a task on a thread of its own: the common pool may have a single thread, which
	 * a blocked close would hold.
	 */
	private static void ownThread(Runnable task) {
		new Thread(task).start();
	}

	/**
	 * Echoes each frame; "hold" first holds its thread until released.
	 */
	private static final class Holding implements MessageHandler {

		final CountDownLatch held = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public void handleMessage(Message message) throws Exception {
			if (message.text().equals("hold")) {
				this.held.countDown();
				this.release.await(60, TimeUnit.SECONDS);
			}
			message.reply(message.bytes());
		}

	}

}
