package io.github.socketserver.message;

import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that resets its connection while its frame is handled: the reset is reported
 * once, as the client's fault, and the handler's reply to the closed connection, which
 * fails, is not reported again as an error of the handler's.
 */
class ReplyAfterResetTests {

	@ParameterizedTest
	@ValueSource(strings = { "virtual", "pool" })
	void aReplyToAConnectionTheClientResetIsNotReportedAgain(String threading) throws Exception {
		RecordingListener listener = new RecordingListener();
		CountDownLatch handling = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<Throwable> replied = new AtomicReference<>();
		CountDownLatch told = new CountDownLatch(1);
		MessageHandler handler = new MessageHandler() {

			@Override
			public void handleMessage(Message message) throws Exception {
				if (message.text().equals("slow")) {
					handling.countDown();
					assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
				}
				try {
					message.reply(message.bytes());
				}
				catch (UncheckedIOException ex) {
					replied.set(ex);
					throw ex;
				}
			}

			@Override
			public void connectionClosed(MessageConnection connection) {
				if (replied.get() != null) {
					told.countDown();
				}
			}

		};
		try (TcpServer server = MessageEngineTests.tcp(handler,
				MessageEngineTests.options(threading).listener(listener)); Serving serving = Serving.start(server)) {
			SocketTestClient reset = SocketTestClient.connect(server.serverAddress());
			reset.sendLine("slow");
			assertThat(handling.await(20, TimeUnit.SECONDS)).isTrue();
			reset.setOption(StandardSocketOptions.SO_LINGER, 0);
			reset.close();
			await().atMost(Duration.ofSeconds(20)).until(() -> !listener.errors.isEmpty());
			release.countDown();
			await().atMost(Duration.ofSeconds(20)).until(() -> replied.get() != null);
			// Told once the frame that failed has ended: whatever it reported, it has.
			assertThat(told.await(20, TimeUnit.SECONDS)).isTrue();
			try (SocketTestClient next = SocketTestClient.connect(server.serverAddress())) {
				next.sendLine("next");
				assertThat(next.readLine()).isEqualTo("next");
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> server.activeRequests() == 0);
			assertThat(listener.errors).singleElement()
				.satisfies((error) -> assertThat(error).hasMessageContaining("Connection reset"));
		}
	}

}
