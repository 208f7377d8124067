package io.github.socketserver.metrics;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.autoconfigure.metrics.SocketServerMetricsAutoConfiguration;
import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.handler.RequestVerifier;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.testsupport.Gate;
import io.github.socketserver.testsupport.TestServers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SocketServerMetrics} and {@link SocketServerPoolMetrics}: each meter
 * and tag, driven by real traffic on loopback and Unix sockets, with exact counts.
 */
class SocketServerMetricsTests {

	/**
	 * The tag keys a meter may carry; none of them names a client.
	 */
	private static final Set<String> TAG_KEYS = Set.of("server.name", "family", "type", "outcome", "reason",
			"exception", "name");

	@TempDir
	Path temp;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Gate gate = new Gate();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(SocketServerAutoConfiguration.class, SocketServerMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, () -> this.registry)
		.withBean(Gate.class, () -> this.gate);

	@Test
	void countsConnectionsRequestsAndBytesOfATcpServer() {
		this.runner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> {
				for (int i = 0; i < 3; i++) {
					assertThat(TestServers.exchange(TestServers.address(context, "echo"), "hello\nworld\n"))
						.isEqualTo("hello\nworld\n");
				}
				Tags tags = Tags.of("server.name", "echo", "family", "inet", "type", "stream");
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(
							timerCount(SocketServerMeters.REQUESTS.getName(), tags, "outcome", "success"))
						.isEqualTo(3));
				assertStreamTotals(tags, 3, 3 * 12);
			});
	}

	@Test
	void countsConnectionsRequestsAndBytesOfAUnixStreamServer() {
		Path socket = this.temp.resolve("echo.sock");
		this.runner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.family=unix", "socketserver.servers.echo.path=" + socket)
			.run((context) -> {
				for (int i = 0; i < 2; i++) {
					assertThat(TestServers.exchange(UnixDomainSocketAddress.of(socket), "over unix\n"))
						.isEqualTo("over unix\n");
				}
				Tags tags = Tags.of("server.name", "echo", "family", "unix", "type", "stream");
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(
							timerCount(SocketServerMeters.REQUESTS.getName(), tags, "outcome", "success"))
						.isEqualTo(2));
				assertStreamTotals(tags, 2, 2 * 10);
			});
	}

	@Test
	void countsEachDatagramOfAUdpServerAsARequest() {
		this.runner.withUserConfiguration(DatagramEchoConfiguration.class)
			.withPropertyValues("socketserver.servers.dgram.type=datagram", "socketserver.servers.dgram.host=127.0.0.1",
					"socketserver.servers.dgram.port=0")
			.run((context) -> {
				assertThat(TestServers.exchangeDatagram(TestServers.address(context, "dgram"), "ping"))
					.isEqualTo("ping");
				assertThat(TestServers.exchangeDatagram(TestServers.address(context, "dgram"), "datagram"))
					.isEqualTo("datagram");
				Tags tags = Tags.of("server.name", "dgram", "family", "inet", "type", "datagram");
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(
							timerCount(SocketServerMeters.REQUESTS.getName(), tags, "outcome", "success"))
						.isEqualTo(2));
				assertDatagramTotals(tags, 12);
			});
	}

	@Test
	void countsEachDatagramOfAUnixDatagramServerAsARequest() {
		Path socket = this.temp.resolve("dgram.sock");
		this.runner.withUserConfiguration(DatagramEchoConfiguration.class)
			.withPropertyValues("socketserver.servers.dgram.type=datagram", "socketserver.servers.dgram.family=unix",
					"socketserver.servers.dgram.path=" + socket)
			.run((context) -> {
				assertThat(TestServers.exchangeDatagram(UnixDomainSocketAddress.of(socket), "one")).isEqualTo("one");
				assertThat(TestServers.exchangeDatagram(UnixDomainSocketAddress.of(socket), "three"))
					.isEqualTo("three");
				Tags tags = Tags.of("server.name", "dgram", "family", "unix", "type", "datagram");
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(
							timerCount(SocketServerMeters.REQUESTS.getName(), tags, "outcome", "success"))
						.isEqualTo(2));
				assertDatagramTotals(tags, 8);
			});
	}

	@Test
	void showsConnectionsAndRequestsInFlightInTheGauges() {
		this.gate.expect(2);
		this.runner.withUserConfiguration(GateConfiguration.class)
			.withPropertyValues("socketserver.servers.slow.host=127.0.0.1", "socketserver.servers.slow.port=0",
					"socketserver.servers.slow.threading=thread")
			.run((context) -> {
				Tags tags = Tags.of("server.name", "slow", "family", "inet", "type", "stream");
				List<SocketTestClient> clients = new ArrayList<>();
				try {
					clients.add(TestServers.open(TestServers.address(context, "slow"), "a\n"));
					clients.add(TestServers.open(TestServers.address(context, "slow"), "b\n"));
					assertThat(this.gate.awaitArrivals()).isTrue();
					assertThat(gauge(SocketServerMeters.CONNECTIONS_ACTIVE.getName(), tags)).isEqualTo(2);
					assertThat(gauge(SocketServerMeters.REQUESTS_ACTIVE.getName(), tags)).isEqualTo(2);
				}
				finally {
					this.gate.release();
				}
				for (SocketTestClient client : clients) {
					try (client) {
						assertThat(client.readToEndAsString()).startsWith("done ");
					}
				}
				await().atMost(TestServers.TIMEOUT).untilAsserted(() -> {
					assertThat(gauge(SocketServerMeters.CONNECTIONS_ACTIVE.getName(), tags)).isZero();
					assertThat(gauge(SocketServerMeters.REQUESTS_ACTIVE.getName(), tags)).isZero();
				});
			});
	}

	@Test
	void timesAFailedRequestAsAnErrorAndCountsItsExceptionBySimpleName() {
		this.runner.withUserConfiguration(FailingConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> {
				TestServers.exchange(TestServers.address(context, "echo"), "boom\n");
				TestServers.exchange(TestServers.address(context, "echo"), "boom\n");
				Tags tags = Tags.of("server.name", "echo", "family", "inet", "type", "stream");
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(
							timerCount(SocketServerMeters.REQUESTS.getName(), tags, "outcome", "error"))
						.isEqualTo(2));
				assertThat(timerCount(SocketServerMeters.REQUESTS.getName(), tags, "outcome", "success")).isZero();
				assertThat(this.registry.get(SocketServerMeters.ERRORS.getName()).tags(tags).counters()).singleElement()
					.satisfies((counter) -> {
						assertThat(counter.getId().getTag("exception")).isEqualTo("HandlerFailedException");
						assertThat(counter.count()).isEqualTo(2);
					});
			});
	}

	@Test
	void countsRequestsAVerifierBeanRefusesAsVerify() {
		this.runner.withUserConfiguration(EchoConfiguration.class)
			.withBean(RequestVerifier.class, () -> (request) -> false)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> {
				assertThat(TestServers.exchange(TestServers.address(context, "echo"), "hello\n")).isEmpty();
				assertThat(TestServers.exchange(TestServers.address(context, "echo"), "hello\n")).isEmpty();
				Tags tags = Tags.of("server.name", "echo", "family", "inet", "type", "stream");
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(rejected(tags, "verify")).isEqualTo(2));
				assertOnlyRejection(tags, "verify");
				assertThat(counter(SocketServerMeters.CONNECTIONS.getName(), tags)).isEqualTo(2);
				assertThat(this.registry.get(SocketServerMeters.REQUESTS.getName()).tags(tags).timers())
					.allSatisfy((timer) -> assertThat(timer.count()).isZero());
			});
	}

	@Test
	void countsClientsADenyRuleRefusesAsVerify() {
		this.runner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.servers.echo.access.deny=127.0.0.0/8")
			.run((context) -> {
				assertThat(TestServers.exchange(TestServers.address(context, "echo"), "hello\n")).isEmpty();
				Tags tags = Tags.of("server.name", "echo", "family", "inet", "type", "stream");
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(rejected(tags, "verify")).isEqualTo(1));
				assertOnlyRejection(tags, "verify");
			});
	}

	@Test
	void countsConnectionsPastMaxConnectionsAsLimit() {
		assertSecondConnectionRefusedAs("limit", "socketserver.servers.slow.threading=thread",
				"socketserver.servers.slow.limits.max-connections=1");
	}

	@Test
	void countsConnectionsAFullPoolCannotTakeAsQueueFull() {
		assertSecondConnectionRefusedAs("queue-full", "socketserver.servers.slow.threading=pool",
				"socketserver.servers.slow.pool.max-threads=1", "socketserver.servers.slow.pool.queue-capacity=0");
	}

	/**
	 * Holds one connection in its handler, then checks that a second one is refused and
	 * counted with the given reason only, and that the first still gets its answer.
	 */
	private void assertSecondConnectionRefusedAs(String reason, String... properties) {
		this.gate.expect(1);
		this.runner.withUserConfiguration(GateConfiguration.class)
			.withPropertyValues("socketserver.servers.slow.host=127.0.0.1", "socketserver.servers.slow.port=0")
			.withPropertyValues(properties)
			.run((context) -> {
				Tags tags = Tags.of("server.name", "slow", "family", "inet", "type", "stream");
				try (SocketTestClient held = TestServers.open(TestServers.address(context, "slow"), "held\n")) {
					try {
						assertThat(this.gate.awaitArrivals()).isTrue();
						assertThat(TestServers.exchange(TestServers.address(context, "slow"), "refused\n")).isEmpty();
						await().atMost(TestServers.TIMEOUT)
							.untilAsserted(() -> assertThat(rejected(tags, reason)).isEqualTo(1));
						assertOnlyRejection(tags, reason);
					}
					finally {
						this.gate.release();
					}
					assertThat(held.readToEndAsString()).isEqualTo("done held\n");
				}
			});
	}

	@Test
	void countsRequestsStillQueuedWhenTheServerClosesAsShutdown() {
		this.gate.expect(1);
		this.runner.withUserConfiguration(GateConfiguration.class)
			.withPropertyValues("socketserver.servers.slow.host=127.0.0.1", "socketserver.servers.slow.port=0",
					"socketserver.servers.slow.threading=pool", "socketserver.servers.slow.pool.max-threads=1",
					"socketserver.servers.slow.pool.queue-capacity=1",
					"socketserver.servers.slow.shutdown.timeout=100ms")
			.run((context) -> {
				Tags tags = Tags.of("server.name", "slow", "family", "inet", "type", "stream");
				ManagedSocketServer server = server(context, "slow");
				try (SocketTestClient running = TestServers.open(TestServers.address(context, "slow"), "running\n");
						SocketTestClient queued = TestServers.open(TestServers.address(context, "slow"), "queued\n")) {
					try {
						assertThat(this.gate.awaitArrivals()).isTrue();
						await().atMost(TestServers.TIMEOUT).until(() -> server.server().activeRequests() == 2);
						context.close();
					}
					finally {
						this.gate.release();
					}
					assertThat(queued.readToEndAsString()).isEmpty();
				}
				assertThat(rejected(tags, "shutdown")).isEqualTo(1);
				assertOnlyRejection(tags, "shutdown");
			});
	}

	@Test
	void countsDatagramsLargerThanTheMaxPacketSizeAsDropped() {
		this.runner.withUserConfiguration(DatagramEchoConfiguration.class)
			.withPropertyValues("socketserver.servers.dgram.type=datagram", "socketserver.servers.dgram.host=127.0.0.1",
					"socketserver.servers.dgram.port=0", "socketserver.servers.dgram.datagram.max-packet-size=16")
			.run((context) -> {
				try (SocketTestClient client = SocketTestClient.datagram(TestServers.address(context, "dgram"))) {
					client.send(new byte[17]);
					client.send(new byte[1000]);
				}
				// A datagram of exactly the maximum size still goes through, and its echo
				// says the two above were taken first.
				assertThat(TestServers.exchangeDatagram(TestServers.address(context, "dgram"), "sixteen bytes!!!"))
					.isEqualTo("sixteen bytes!!!");
				Tags tags = Tags.of("server.name", "dgram", "family", "inet", "type", "datagram");
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(
							timerCount(SocketServerMeters.REQUESTS.getName(), tags, "outcome", "success"))
						.isEqualTo(1));
				assertThat(counter(SocketServerMeters.DATAGRAMS_DROPPED.getName(), tags)).isEqualTo(2);
				assertThat(counter(SocketServerMeters.BYTES_RECEIVED.getName(), tags)).isEqualTo(16);
			});
	}

	@Test
	void bindsTheExecutorMetricsOfAPoolServer() {
		this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.servers.echo.threading=pool", "socketserver.servers.echo.pool.max-threads=3",
					"socketserver.servers.echo.pool.queue-capacity=5")
			.run((context) -> {
				assertThat(TestServers.exchange(TestServers.address(context, "echo"), "hello\n")).isEqualTo("hello\n");
				Tags tags = Tags.of("name", "socketserver.echo");
				assertThat(this.registry.get("executor.pool.max").tags(tags).gauge().value()).isEqualTo(3);
				// The pool's queue has room for a request per thread as well: a thread
				// that
				// is ending a request has already made room for the next one.
				assertThat(this.registry.get("executor.queue.remaining").tags(tags).gauge().value()).isEqualTo(3 + 5);
				assertThat(this.registry.get("executor.active").tags(tags).gauge()).isNotNull();
				assertThat(this.registry.get("executor.queued").tags(tags).gauge()).isNotNull();
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(
							this.registry.get("executor.completed").tags(tags).functionCounter().count())
						.isEqualTo(1));
				assertThat(this.registry.get("executor.pool.size").tags(tags).gauge().value()).isEqualTo(1);
			});
	}

	@Test
	void movesTheExecutorMetricsToTheNewPoolWhenTheServerStartsAgain() {
		this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withUserConfiguration(GateConfiguration.class)
			.withPropertyValues("socketserver.servers.slow.host=127.0.0.1", "socketserver.servers.slow.port=0",
					"socketserver.servers.slow.threading=pool", "socketserver.servers.slow.pool.max-threads=3")
			.run((context) -> {
				context.stop();
				context.start();
				Tags tags = Tags.of("name", "socketserver.slow");
				try (SocketTestClient client = TestServers.open(TestServers.address(context, "slow"), "a\n")) {
					try {
						assertThat(this.gate.awaitArrivals()).isTrue();
						// The pool that runs the request now, not the one closed by the
						// stop.
						assertThat(this.registry.get("executor.active").tags(tags).gauges()).singleElement()
							.extracting(Gauge::value)
							.isEqualTo(1.0);
						assertThat(this.registry.get("executor.pool.max").tags(tags).gauge().value()).isEqualTo(3);
					}
					finally {
						this.gate.release();
					}
					assertThat(client.readToEndAsString()).isEqualTo("done a\n");
				}
			});
	}

	@Test
	void tagsNoMeterWithAClientAddress() {
		Path socket = this.temp.resolve("echo.sock");
		this.runner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withUserConfiguration(EchoConfiguration.class, DatagramEchoConfiguration.class,
					FailingConfiguration2.class)
			.withPropertyValues("socketserver.servers.echo.family=unix", "socketserver.servers.echo.path=" + socket,
					"socketserver.servers.echo.threading=pool", "socketserver.servers.dgram.type=datagram",
					"socketserver.servers.dgram.host=127.0.0.1", "socketserver.servers.dgram.port=0",
					"socketserver.servers.failing.host=127.0.0.1", "socketserver.servers.failing.port=0")
			.run((context) -> {
				assertThat(TestServers.exchange(UnixDomainSocketAddress.of(socket), "a\n")).isEqualTo("a\n");
				assertThat(TestServers.exchangeDatagram(TestServers.address(context, "dgram"), "b")).isEqualTo("b");
				TestServers.exchange(TestServers.address(context, "failing"), "boom\n");
				await().atMost(TestServers.TIMEOUT)
					.until(() -> this.registry.find(SocketServerMeters.ERRORS.getName()).counter() != null);
				List<Meter> meters = this.registry.getMeters();
				assertThat(meters).isNotEmpty();
				for (Meter meter : meters) {
					for (Tag tag : meter.getId().getTagsAsIterable()) {
						assertThat(TAG_KEYS).as("tag key of %s", meter.getId()).contains(tag.getKey());
						assertThat(tag.getValue()).as("tag of %s", meter.getId())
							.doesNotContain("127.0.0.1")
							.doesNotContain(this.temp.toString());
					}
				}
			});
	}

	@Test
	void registersNoMeterWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class,
					SocketServerMetricsAutoConfiguration.class))
			.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(SocketServerPoolMetrics.class);
				assertThat(TestServers.exchange(TestServers.address(context, "echo"), "hello\n")).isEqualTo("hello\n");
			});
	}

	private void assertStreamTotals(Tags tags, int connections, int bytes) {
		await().atMost(TestServers.TIMEOUT)
			.untilAsserted(() -> assertThat(
					this.registry.get(SocketServerMeters.CONNECTIONS_DURATION.getName()).tags(tags).timer().count())
				.isEqualTo(connections));
		assertThat(counter(SocketServerMeters.CONNECTIONS.getName(), tags)).isEqualTo(connections);
		assertThat(gauge(SocketServerMeters.CONNECTIONS_ACTIVE.getName(), tags)).isZero();
		assertThat(gauge(SocketServerMeters.REQUESTS_ACTIVE.getName(), tags)).isZero();
		assertThat(timerCount(SocketServerMeters.REQUESTS.getName(), tags, "outcome", "error")).isZero();
		assertThat(counter(SocketServerMeters.BYTES_RECEIVED.getName(), tags)).isEqualTo(bytes);
		assertThat(counter(SocketServerMeters.BYTES_SENT.getName(), tags)).isEqualTo(bytes);
		assertThat(
				this.registry.get(SocketServerMeters.BYTES_SENT.getName()).tags(tags).counter().getId().getBaseUnit())
			.isEqualTo("bytes");
		assertThat(this.registry.get(SocketServerMeters.REQUESTS_REJECTED.getName()).tags(tags).counters())
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
		assertThat(this.registry.find(SocketServerMeters.ERRORS.getName()).counters()).isEmpty();
		assertThat(this.registry.find(SocketServerMeters.DATAGRAMS_DROPPED.getName()).meters()).isEmpty();
		assertThat(this.registry.find(SocketServerMeters.DATAGRAMS_TRUNCATED.getName()).meters()).isEmpty();
	}

	private void assertDatagramTotals(Tags tags, int bytes) {
		assertThat(gauge(SocketServerMeters.REQUESTS_ACTIVE.getName(), tags)).isZero();
		assertThat(counter(SocketServerMeters.BYTES_RECEIVED.getName(), tags)).isEqualTo(bytes);
		assertThat(counter(SocketServerMeters.BYTES_SENT.getName(), tags)).isEqualTo(bytes);
		assertThat(this.registry.get(SocketServerMeters.BYTES_RECEIVED.getName())
			.tags(tags)
			.counter()
			.getId()
			.getBaseUnit()).isEqualTo("bytes");
		assertThat(counter(SocketServerMeters.DATAGRAMS_DROPPED.getName(), tags)).isZero();
		assertThat(counter(SocketServerMeters.DATAGRAMS_TRUNCATED.getName(), tags)).isZero();
		// A datagram server has no connections.
		assertThat(this.registry.find(SocketServerMeters.CONNECTIONS.getName()).meters()).isEmpty();
		assertThat(this.registry.find(SocketServerMeters.CONNECTIONS_ACTIVE.getName()).meters()).isEmpty();
		assertThat(this.registry.find(SocketServerMeters.CONNECTIONS_DURATION.getName()).meters()).isEmpty();
	}

	private void assertOnlyRejection(Tags tags, String reason) {
		assertThat(this.registry.get(SocketServerMeters.REQUESTS_REJECTED.getName()).tags(tags).counters())
			.extracting((counter) -> counter.getId().getTag("reason"))
			.containsExactlyInAnyOrder("verify", "queue-full", "limit", "shutdown", "header", "frame");
		assertThat(this.registry.get(SocketServerMeters.REQUESTS_REJECTED.getName()).tags(tags).counters())
			.filteredOn((counter) -> !reason.equals(counter.getId().getTag("reason")))
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	private double rejected(Tags tags, String reason) {
		return this.registry.get(SocketServerMeters.REQUESTS_REJECTED.getName())
			.tags(tags)
			.tag("reason", reason)
			.counter()
			.count();
	}

	private double counter(String name, Tags tags) {
		return this.registry.get(name).tags(tags).counter().count();
	}

	private double gauge(String name, Tags tags) {
		return this.registry.get(name).tags(tags).gauge().value();
	}

	private long timerCount(String name, Tags tags, String key, String value) {
		return this.registry.get(name).tags(tags).tag(key, value).timer().count();
	}

	private static ManagedSocketServer server(AssertableApplicationContext context, String name) {
		ManagedSocketServer server = context.getBean(SocketServers.class).get(name);
		assertThat(server).isNotNull();
		return server;
	}

	/**
	 * Echoes every line until the client ends its output.
	 */
	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler echoHandler() {
			return (request) -> {
				for (String line = request.rfile().readLine(); line != null; line = request.rfile().readLine()) {
					request.wfile().write(line + "\n");
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DatagramEchoConfiguration {

		@Bean
		@SocketHandler("dgram")
		DatagramRequestHandler datagramEchoHandler() {
			return (request) -> request.wfile().write(request.packet());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GateConfiguration {

		@Bean
		@SocketHandler("slow")
		StreamRequestHandler gateHandler(Gate gate) {
			return gate.handler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler failingHandler() {
			return (request) -> {
				throw new HandlerFailedException(request.rfile().readLine());
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingConfiguration2 {

		@Bean
		@SocketHandler("failing")
		StreamRequestHandler failingHandler() {
			return (request) -> {
				throw new HandlerFailedException(request.rfile().readLine());
			};
		}

	}

	/**
	 * A nested class, whose simple name differs from its binary name.
	 */
	static class HandlerFailedException extends RuntimeException {

		HandlerFailedException(String message) {
			super(message);
		}

	}

}
