package io.github.socketserver.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The number of selector loops of a message server: as set, each connection on the next
 * loop in turn.
 */
class MessageLoopsTests {

	@Test
	void spreadsTheConnectionsOverTheLoopsSet() throws Exception {
		Set<String> loops = ConcurrentHashMap.newKeySet();
		// In sync mode the handler runs on the loop that read its frame.
		MessageHandler naming = (message) -> {
			loops.add(Thread.currentThread().getName());
			message.reply(message.bytes());
		};
		try (TcpServer server = MessageEngineTests.tcp(naming, MessageEngineTests.options("sync").messageLoops(3));
				Serving serving = Serving.start(server)) {
			List<SocketTestClient> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 7; i++) {
					SocketTestClient client = SocketTestClient.connect(server.serverAddress());
					clients.add(client);
					client.sendLine("hello " + i);
					assertThat(client.readLine()).isEqualTo("hello " + i);
				}
			}
			finally {
				for (SocketTestClient client : clients) {
					client.close();
				}
			}
		}
		assertThat(loops).containsExactlyInAnyOrder("socketserver-messages-message-1",
				"socketserver-messages-message-2", "socketserver-messages-message-3");
	}

	@Test
	void refusesANegativeNumberOfLoops() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServerOptions.builder().messageLoops(-1))
			.withMessage("messageLoops must be at least 0, was -1");
		assertThat(ServerOptions.builder().build().messageLoops()).isZero();
	}

}
