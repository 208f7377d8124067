package io.github.socketserver.fork;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The standard error of a fork server's children reaches the log at a bounded rate: a
 * child may echo its client, and every client starts one.
 */
@Timeout(120)
class ChildErrorLogTests {

	private static final int CLIENTS = 80;

	private final Logger logger = (Logger) LoggerFactory.getLogger(Children.class);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final ChildRecorder recorder = new ChildRecorder();

	@BeforeEach
	void capture() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.appender);
	}

	@Test
	void aFloodOfChildrenWritingToStandardErrorMakesABurstThenALineASecond() throws IOException {
		ServerOptions options = ServerOptions.builder()
			.name("noisy")
			.threading(Threading.fork(4, Duration.ofSeconds(30)))
			.listener(this.recorder)
			.build();
		long start = System.nanoTime();
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0),
				new StreamCommandHandler(ChildCommand.of("sh", "-c", "echo oops >&2"), this.recorder), options);
				Serving serving = Serving.start(server)) {
			for (int i = 0; i < CLIENTS; i++) {
				try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
					assertThat(client.readToEnd()).isEmpty();
				}
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> this.recorder.exits.size() == CLIENTS);
			this.recorder.awaitAllExited();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> messages().size() >= ChildErrorLog.BURST);
		long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
		List<String> lines = messages();
		System.out.printf("%d children writing to standard error in %d s: %d log lines%n", CLIENTS, seconds,
				lines.size());
		assertThat(lines).as("lines logged in %d s", seconds)
			.hasSizeLessThanOrEqualTo(ChildErrorLog.BURST + 1 + (int) seconds);
		assertThat(lines.get(0)).startsWith("[noisy] sh (pid ").endsWith("): oops");
	}

	@Test
	void childrenWritingMoreLinesThanTheBoundMakeNoLineEachOutsideTheRate() throws IOException {
		int children = 30;
		ServerOptions options = ServerOptions.builder()
			.name("verbose")
			.threading(Threading.fork(4, Duration.ofSeconds(30)))
			.listener(this.recorder)
			.build();
		long start = System.nanoTime();
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0),
				new StreamCommandHandler(ChildCommand.of("sh", "-c", "seq 25 >&2"), this.recorder), options);
				Serving serving = Serving.start(server)) {
			for (int i = 0; i < children; i++) {
				try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
					assertThat(client.readToEnd()).isEmpty();
				}
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> this.recorder.exits.size() == children);
			this.recorder.awaitAllExited();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> messages().size() >= ChildErrorLog.BURST);
		long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
		assertThat(messages()).as("lines logged in %d s", seconds)
			.hasSizeLessThanOrEqualTo(ChildErrorLog.BURST + 1 + (int) seconds);
	}

	private List<String> messages() {
		synchronized (this.appender) {
			return this.appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
		}
	}

}
