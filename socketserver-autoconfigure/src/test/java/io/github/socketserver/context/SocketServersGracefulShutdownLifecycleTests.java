package io.github.socketserver.context;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.testsupport.TestServers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SocketServersGracefulShutdownLifecycle}: closing the context turns
 * readiness to refusing traffic, lets requests in flight finish, refuses new ones, and is
 * bounded by the shutdown timeout.
 */
class SocketServersGracefulShutdownLifecycleTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/**
	 * How long a new client waits to be refused: well below the 10 s that Spring gives a
	 * lifecycle phase to stop, so that a drain cut short cannot pass for a refusal.
	 */
	private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(3);

	/**
	 * How long closing may take when it must not wait for a request: well below the 10 s
	 * of a lifecycle phase as well.
	 */
	private static final Duration QUICK_CLOSE = Duration.ofSeconds(5);

	private final Gate gate = new Gate();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(SlowConfiguration.class)
		.withBean(Gate.class, () -> this.gate)
		.withPropertyValues("socketserver.servers.slow.host=127.0.0.1", "socketserver.servers.slow.port=0",
				"socketserver.servers.slow.threading=thread");

	@Test
	void letsEveryRequestInFlightFinishAndRefusesNewOnes() {
		int clients = 20;
		this.gate.expect(clients);
		this.runner.run((context) -> {
			ManagedSocketServer server = server(context);
			InetSocketAddress address = address(context);
			List<FutureTask<@Nullable String>> answers = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				answers.add(TestServers.sendInBackground(address, "client " + i).answer());
			}
			assertThat(this.gate.arrived.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			Thread closer = closeInBackground(context);
			try {
				await().atMost(TIMEOUT)
					.untilAsserted(() -> assertThat(server.state()).isEqualTo(SocketServerState.DRAINING));
				assertThat(refuses(address)).as("a new client while draining is refused").isTrue();
			}
			finally {
				this.gate.release.countDown();
			}
			for (int i = 0; i < clients; i++) {
				assertThat(answers.get(i).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
					.isEqualTo("done client " + i + "\n");
			}
			await().atMost(TIMEOUT).until(() -> !closer.isAlive());
			assertThat(server.state()).isEqualTo(SocketServerState.STOPPED);
			assertThat(refuses(address)).as("a new client after close is refused").isTrue();
		});
	}

	@Test
	void cutsARequestThatOutlivesTheShutdownTimeout() {
		this.gate.expect(1);
		this.runner.withPropertyValues("socketserver.servers.slow.shutdown.timeout=500ms").run((context) -> {
			FutureTask<@Nullable String> answer = TestServers.sendInBackground(address(context), "stuck").answer();
			try {
				assertThat(this.gate.arrived.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
				long start = System.nanoTime();
				Thread closer = closeInBackground(context);
				await().atMost(QUICK_CLOSE).until(() -> !closer.isAlive());
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
				assertThat(answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("answer of a cut request").isNull();
			}
			finally {
				this.gate.release.countDown();
			}
		});
	}

	@Test
	void closesWithoutWaitingForRequestsWhenNotBlockingOnClose() {
		this.gate.expect(1);
		this.runner.withPropertyValues("socketserver.servers.slow.shutdown.block-on-close=false").run((context) -> {
			FutureTask<@Nullable String> answer = TestServers.sendInBackground(address(context), "unhurried").answer();
			try {
				assertThat(this.gate.arrived.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
				Thread closer = closeInBackground(context);
				await().atMost(QUICK_CLOSE).until(() -> !closer.isAlive());
				assertThat(this.gate.finished.getCount()).as("requests still running").isEqualTo(1);
			}
			finally {
				this.gate.release.countDown();
			}
			// The request went on running, and was not cut.
			assertThat(answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("done unhurried\n");
		});
	}

	@Test
	void refusesTrafficInReadinessBeforeTheServersStopTakingRequestsAndWhileTheyDrain() {
		this.gate.expect(1);
		List<SocketServerState> statesAtEvent = new CopyOnWriteArrayList<>();
		this.runner.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
			.withBean(ReadinessLog.class, () -> new ReadinessLog(statesAtEvent))
			.run((context) -> {
				ManagedSocketServer server = server(context);
				context.getBean(ReadinessLog.class).server = server;
				ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
				// SpringApplication says so once the application is ready; the runner
				// does not.
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
				FutureTask<@Nullable String> answer = TestServers.sendInBackground(address(context), "in flight")
					.answer();
				Thread closer;
				try {
					assertThat(this.gate.arrived.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
					closer = closeInBackground(context);
					await().atMost(TIMEOUT)
						.untilAsserted(() -> assertThat(server.state()).isEqualTo(SocketServerState.DRAINING));
					assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
				}
				finally {
					this.gate.release.countDown();
				}
				assertThat(answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("done in flight\n");
				await().atMost(TIMEOUT).until(() -> !closer.isAlive());
				// Published once, while the server still took requests.
				assertThat(statesAtEvent).containsExactly(SocketServerState.RUNNING);
			});
	}

	private static ManagedSocketServer server(AssertableApplicationContext context) {
		ManagedSocketServer server = context.getBean(SocketServers.class).get("slow");
		assertThat(server).isNotNull();
		return server;
	}

	private static InetSocketAddress address(AssertableApplicationContext context) {
		return new InetSocketAddress("127.0.0.1",
				context.getEnvironment().getRequiredProperty("local.socketserver.slow.port", Integer.class));
	}

	private static Thread closeInBackground(AssertableApplicationContext context) {
		Thread closer = new Thread(context::close, "test-context-closer");
		closer.start();
		return closer;
	}

	/**
	 * Whether a new client is refused: the connection fails, or closes without an answer.
	 */
	private static boolean refuses(InetSocketAddress address) throws Exception {
		FutureTask<@Nullable String> answer;
		try {
			answer = TestServers.sendInBackground(address, "late").answer();
		}
		catch (IOException ex) {
			return true;
		}
		try {
			return answer.get(REFUSAL_TIMEOUT.toSeconds(), TimeUnit.SECONDS) == null;
		}
		catch (TimeoutException ex) {
			// Connected, and left waiting.
			return false;
		}
		finally {
			answer.cancel(true);
		}
	}

	/**
	 * Holds the slow handler until the test lets it go.
	 */
	static class Gate {

		volatile CountDownLatch arrived = new CountDownLatch(0);

		final CountDownLatch release = new CountDownLatch(1);

		volatile CountDownLatch finished = new CountDownLatch(0);

		void expect(int requests) {
			this.arrived = new CountDownLatch(requests);
			this.finished = new CountDownLatch(requests);
		}

	}

	/**
	 * Records the state of the server when readiness turns to refusing traffic.
	 */
	static class ReadinessLog implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

		private final List<SocketServerState> states;

		volatile @Nullable ManagedSocketServer server;

		ReadinessLog(List<SocketServerState> states) {
			this.states = states;
		}

		@Override
		public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
			ManagedSocketServer server = this.server;
			if (event.getState() == ReadinessState.REFUSING_TRAFFIC && server != null) {
				this.states.add(server.state());
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowConfiguration {

		@Bean
		@SocketHandler("slow")
		StreamRequestHandler slowHandler(Gate gate) {
			return (request) -> {
				String line = request.rfile().readLine();
				gate.arrived.countDown();
				gate.release.await();
				request.wfile().write("done " + line + "\n");
				gate.finished.countDown();
			};
		}

	}

}
