package io.github.socketserver.context;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.testsupport.TestServers;
import io.github.socketserver.threading.Threading;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * Closing the context with 100 slow requests in flight: every answer arrives whole, new
 * clients are refused during the drain, and the one request that outlives the shutdown
 * timeout is cut and logged with its client.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownLosesNothingTests {

	private static final int CLIENTS = 100;

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final int CHUNKS = 4;

	private static final int CHUNK_SIZE = 4096;

	private final Hold hold = new Hold();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(SlowConfiguration.class)
		.withBean(Hold.class, () -> this.hold)
		.withPropertyValues("socketserver.servers.slow.host=127.0.0.1", "socketserver.servers.slow.port=0",
				"socketserver.servers.slow.threading=" + perRequest(), "socketserver.servers.slow.shutdown.timeout=3s");

	@Test
	void everyAnswerInFlightArrivesWholeAndOnlyTheStuckRequestIsCut(CapturedOutput output) {
		this.runner.run((context) -> {
			ManagedSocketServer server = context.getBean(SocketServers.class).get("slow");
			InetSocketAddress address = new InetSocketAddress("127.0.0.1",
					context.getEnvironment().getRequiredProperty("local.socketserver.slow.port", Integer.class));
			List<FutureTask<@Nullable String>> answers = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				answers.add(TestServers.sendInBackground(address, "client " + i).answer());
			}
			TestServers.InFlight stuck = TestServers.sendInBackground(address, "stuck");
			assertThat(this.hold.arrived.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			Thread closer = new Thread(context::close, "test-context-closer");
			try {
				closer.start();
				await().atMost(TIMEOUT)
					.untilAsserted(() -> assertThat(server.state()).isEqualTo(SocketServerState.DRAINING));
				assertThatIOException().as("a new client during the drain")
					.isThrownBy(() -> SocketChannel.open(address).close());
			}
			finally {
				this.hold.release.countDown();
			}
			for (int i = 0; i < CLIENTS; i++) {
				assertThat(answers.get(i).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("answer %d", i)
					.isEqualTo(expectedAnswer("client " + i));
			}
			await().atMost(TIMEOUT).until(() -> !closer.isAlive());
			assertThat(stuck.answer().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the stuck request's answer")
				.isNull();
			assertThat(output).contains("Server 'slow' cut the request from " + stuck.localAddress());
			assertThat(server.state()).isEqualTo(SocketServerState.STOPPED);
			assertThat(server.statistics().requests()).isEqualTo(CLIENTS + 1);
		});
	}

	static String expectedAnswer(String line) {
		StringBuilder answer = new StringBuilder();
		for (int chunk = 0; chunk < CHUNKS; chunk++) {
			answer.append(String.valueOf((char) ('a' + chunk)).repeat(CHUNK_SIZE));
		}
		return answer.append(' ').append(line).append('\n').toString();
	}

	/**
	 * Holds the slow requests until close has begun; the stuck one for good.
	 */
	static class Hold {

		final CountDownLatch arrived = new CountDownLatch(CLIENTS + 1);

		final CountDownLatch release = new CountDownLatch(1);

		final CountDownLatch never = new CountDownLatch(1);

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowConfiguration {

		/**
		 * Answers in several chunks, each flushed, once released.
		 */
		@Bean
		@SocketHandler("slow")
		StreamRequestHandler slowHandler(Hold hold) {
			return (request) -> {
				String line = request.rfile().readLine();
				hold.arrived.countDown();
				(("stuck".equals(line)) ? hold.never : hold.release).await();
				for (int chunk = 0; chunk < CHUNKS; chunk++) {
					request.wfile().write(String.valueOf((char) ('a' + chunk)).repeat(CHUNK_SIZE));
					request.wfile().flush();
				}
				request.wfile().write(" " + line + "\n");
			};
		}

	}

	/**
	 * A thread per request: virtual where the JVM has them, platform threads on Java 17.
	 */
	private static String perRequest() {
		return Threading.isVirtualAvailable() ? "virtual" : "thread";
	}

}
