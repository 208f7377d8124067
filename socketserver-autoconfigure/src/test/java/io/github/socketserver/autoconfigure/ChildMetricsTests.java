package io.github.socketserver.autoconfigure;

import java.time.Duration;

import io.github.socketserver.autoconfigure.metrics.SocketServerMetricsAutoConfiguration;
import io.github.socketserver.metrics.SocketServerMeters;
import io.github.socketserver.testsupport.TestServers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The children of fork servers in the meters, driven by real programs: how many started,
 * and how each ended, by exit code or killed.
 */
class ChildMetricsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(SocketServerAutoConfiguration.class, SocketServerMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues(fork("cat", "cat"))
		.withPropertyValues(fork("failing", "sh,-c,read line; echo \"$line\"; exit 3"))
		.withPropertyValues(fork("slow", "sh,-c,echo started; exec sleep 30"))
		.withPropertyValues("socketserver.servers.slow.fork.time-limit=500ms");

	@Test
	void countsChildrenStartedAndTheirExitsByStatus() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(exchange(context, "cat", "one")).isEqualTo("one");
			assertThat(exchange(context, "cat", "two")).isEqualTo("two");
			assertThat(exchange(context, "failing", "three")).isEqualTo("three");
			assertThat(exchange(context, "slow", "ignored")).isEqualTo("started");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(exits(registry, "slow", "killed")).isEqualTo(1));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(exits(registry, "cat", "0")).isEqualTo(2);
				assertThat(exits(registry, "failing", "3")).isEqualTo(1);
			});
			assertThat(started(registry, "cat")).isEqualTo(2);
			assertThat(started(registry, "failing")).isEqualTo(1);
			assertThat(started(registry, "slow")).isEqualTo(1);
			assertThat(meters(registry, SocketServerMeters.CHILDREN_EXITS.getName(), "cat").counters()).hasSize(1);
			assertThat(meters(registry, SocketServerMeters.ERRORS.getName(), "failing")
				.tag("exception", "ChildExitException")
				.counter()
				.count()).isEqualTo(1);
			assertThat(meters(registry, SocketServerMeters.ERRORS.getName(), "slow")
				.tag("exception", "ChildTimeLimitException")
				.counter()
				.count()).isEqualTo(1);
			assertThat(meters(registry, SocketServerMeters.REQUESTS.getName(), "failing").tag("outcome", "error")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters(registry, SocketServerMeters.REQUESTS_ACTIVE.getName(), "cat").gauge().value()).isZero();
		});
	}

	@Test
	void registersNoChildMeterBeforeTheFirstChild() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find(SocketServerMeters.CHILDREN_STARTED.getName()).meters()).isEmpty();
			assertThat(registry.find(SocketServerMeters.CHILDREN_EXITS.getName()).meters()).isEmpty();
			assertThat(meters(registry, SocketServerMeters.REQUESTS_ACTIVE.getName(), "cat").gauge()).isNotNull();
		});
	}

	private static String[] fork(String name, String command) {
		String prefix = "socketserver.servers." + name + ".";
		return new String[] { prefix + "host=127.0.0.1", prefix + "port=0", prefix + "threading=fork",
				prefix + "command=" + command };
	}

	private static String exchange(ApplicationContext context, String server, String line) throws Exception {
		return TestServers.exchangeLine(TestServers.address(context, server), line);
	}

	private static double exits(MeterRegistry registry, String server, String status) {
		Counter counter = meters(registry, SocketServerMeters.CHILDREN_EXITS.getName(), server).tag("status", status)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static double started(MeterRegistry registry, String server) {
		return meters(registry, SocketServerMeters.CHILDREN_STARTED.getName(), server).counter().count();
	}

	private static Search meters(MeterRegistry registry, String name, String server) {
		return registry.find(name).tag("server.name", server);
	}

}
