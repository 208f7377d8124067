package io.github.socketserver.message;

import java.time.Duration;

import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler whose {@code connectionClosed} throws: the failure goes to the server's
 * {@code handleError}, as one from {@code handleMessage} does, and the server serves on.
 */
class FailingCloseHandlerTests {

	@ParameterizedTest
	@ValueSource(strings = { "sync", "virtual", "pool" })
	void reportsTheFailureThroughHandleErrorAndServesOn(String threading) throws Exception {
		RecordingListener listener = new RecordingListener();
		MessageHandler handler = new MessageHandler() {

			@Override
			public void handleMessage(Message message) {
				message.reply(message.bytes());
			}

			@Override
			public void connectionClosed(MessageConnection connection) {
				throw new IllegalStateException("connectionClosed failed on purpose");
			}

		};
		try (TcpServer server = MessageEngineTests.tcp(handler,
				MessageEngineTests.options(threading).listener(listener)); Serving serving = Serving.start(server)) {
			try (SocketTestClient first = SocketTestClient.connect(server.serverAddress())) {
				first.sendLine("one");
				assertThat(first.readLine()).isEqualTo("one");
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> !listener.errors.isEmpty());
			assertThat(listener.errors).singleElement()
				.satisfies((error) -> assertThat(error).isInstanceOf(IllegalStateException.class)
					.hasMessage("connectionClosed failed on purpose"));
			try (SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
				second.sendLine("two");
				assertThat(second.readLine()).isEqualTo("two");
			}
		}
	}

}
