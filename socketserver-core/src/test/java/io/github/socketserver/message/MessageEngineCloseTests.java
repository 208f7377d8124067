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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a message server stops every loop at once: one held by a handler that does not
 * return keeps its own connections only, while the others close theirs.
 */
class MessageEngineCloseTests {

	@Test
	void aLoopHeldByAHandlerDoesNotHoldBackTheClosingOfTheOthers() throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		MessageHandler holding = (message) -> {
			if (message.text().equals("hold")) {
				held.countDown();
				release.await(60, TimeUnit.SECONDS);
			}
			message.reply(message.bytes());
		};
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
			assertThat(held.await(20, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<String> secondEnds = CompletableFuture.supplyAsync(() -> {
				try {
					return String.valueOf(second.readLine());
				}
				catch (IOException ex) {
					return ex.toString();
				}
			});
			closing.start();
			// The second loop closes its connection while the first is still held, well
			// before the close's wait for the first loop (10 s) would give up on it.
			assertThat(secondEnds.get(5, TimeUnit.SECONDS)).isEqualTo("null");
			assertThat(closing.isAlive()).isTrue();
		}
		finally {
			release.countDown();
			closing.join(TimeUnit.SECONDS.toMillis(30));
		}
	}

}
