package io.github.socketserver.metrics;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.autoconfigure.metrics.SocketServerMetricsAutoConfiguration;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.testsupport.TestServers;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SocketServerObservations}: one observation per request, with its keys,
 * in scope on the handler's thread, and none when turned off.
 */
class SocketServerObservationsTests {

	@TempDir
	Path temp;

	private final RecordingObservationHandler recorder = new RecordingObservationHandler();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(SocketServerAutoConfiguration.class, SocketServerMetricsAutoConfiguration.class))
		.withBean(ObservationRegistry.class, this.recorder::registry)
		.withBean(RecordingObservationHandler.class, () -> this.recorder);

	@Test
	void anObservationHandlerThatThrowsOnStartLeaksNoRequestAndTheServerGoesOn() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				throw new IllegalStateException("handler broken in onStart");
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class,
					SocketServerMetricsAutoConfiguration.class))
			.withBean(ObservationRegistry.class, () -> registry)
			.withBean(RecordingObservationHandler.class, () -> this.recorder)
			.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.servers.echo.threading=sync", "socketserver.servers.echo.limits.max-connections=1")
			.run((context) -> {
				InetSocketAddress address = TestServers.address(context, "echo");
				assertThat(TestServers.exchange(address, "one\n")).isEqualTo("one\n");
				assertThat(TestServers.exchange(address, "two\n")).isEqualTo("two\n");
				ManagedSocketServer server = context.getBean(SocketServers.class).get("echo");
				await().atMost(TestServers.TIMEOUT).until(() -> server.server().activeRequests() == 0);
			});
	}

	@Test
	void observesEachConnectionOfAStreamServerOnce() {
		this.runner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> {
				InetSocketAddress address = TestServers.address(context, "echo");
				String client;
				try (SocketTestClient channel = SocketTestClient.connect(address)) {
					client = "127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort();
					assertThat(channel.exchange("one\n")).isEqualTo("one\n");
				}
				assertThat(TestServers.exchange(address, "two\n")).isEqualTo("two\n");
				await().atMost(TestServers.TIMEOUT).until(() -> this.recorder.stopped.size() == 2);
				assertThat(this.recorder.started).hasSize(2);
				// The server may end the second connection before it sees the first one's
				// end: find the first by its client.
				Observation.Context first = this.recorder.stopped.stream()
					.filter((stopped) -> stopped.getHighCardinalityKeyValues()
						.stream()
						.anyMatch((key) -> key.getValue().equals(client)))
					.findFirst()
					.orElseThrow();
				assertThat(first.getName()).isEqualTo(DefaultSocketServerObservationConvention.NAME)
					.isEqualTo("socketserver.request");
				assertThat(first.getContextualName()).isEqualTo("socketserver echo");
				assertThat(first.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
						KeyValue.of("server.name", "echo"), KeyValue.of("family", "inet"),
						KeyValue.of("type", "stream"), KeyValue.of("outcome", "success"));
				assertThat(first.getHighCardinalityKeyValues()).containsExactly(KeyValue.of("client.address", client));
				assertThat(first.getError()).isNull();
				// The handler ran inside the observation, so a span and trace id reach
				// it.
				assertThat(this.recorder.inScope).hasSize(2)
					.containsOnly(DefaultSocketServerObservationConvention.NAME);
			});
	}

	@Test
	void observesEachDatagramOfAUnixDatagramServerOnce() {
		Path socket = this.temp.resolve("dgram.sock");
		this.runner.withUserConfiguration(DatagramEchoConfiguration.class)
			.withPropertyValues("socketserver.servers.dgram.type=datagram", "socketserver.servers.dgram.family=unix",
					"socketserver.servers.dgram.path=" + socket)
			.run((context) -> {
				List<String> clients = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					try (SocketTestClient client = SocketTestClient.unixDatagram(socket)) {
						clients.add(((UnixDomainSocketAddress) client.localAddress()).getPath().toString());
						client.send("d" + i);
						assertThat(client.receiveAsString()).isEqualTo("d" + i);
					}
				}
				await().atMost(TestServers.TIMEOUT).until(() -> this.recorder.stopped.size() == 3);
				assertThat(this.recorder.stopped).allSatisfy((observation) -> {
					assertThat(observation.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
							KeyValue.of("server.name", "dgram"), KeyValue.of("family", "unix"),
							KeyValue.of("type", "datagram"), KeyValue.of("outcome", "success"));
				});
				// The socket file of each client, not how its address class prints.
				assertThat(this.recorder.stopped)
					.extracting((observation) -> observation.getHighCardinalityKeyValue("client.address").getValue())
					.containsExactlyInAnyOrderElementsOf(clients);
			});
	}

	@Test
	void recordsTheErrorAndTheErrorOutcomeOfAFailedRequest() {
		this.runner.withUserConfiguration(FailingConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> {
				TestServers.exchange(TestServers.address(context, "echo"), "boom\n");
				await().atMost(TestServers.TIMEOUT).until(() -> this.recorder.stopped.size() == 1);
				Observation.Context observation = this.recorder.stopped.get(0);
				assertThat(observation.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("error");
				assertThat(observation.getError()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
				assertThat(this.recorder.errors).containsExactly(observation.getError());
			});
	}

	@Test
	void observesNothingWhenObservationsAreDisabled() {
		this.runner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.observations.enabled=false")
			.run((context) -> {
				assertThat(TestServers.exchange(TestServers.address(context, "echo"), "one\n")).isEqualTo("one\n");
				// The handler ran and its answer came back: an observation would have
				// started before it.
				assertThat(this.recorder.inScope).containsExactly("none");
				assertThat(this.recorder.started).isEmpty();
				assertThat(this.recorder.stopped).isEmpty();
			});
	}

	@Test
	void theDefaultMeterHandlerDoesNotTimeRequestsASecondTimeAndStillTimesOtherObservations() {
		withBootsMeterHandler()
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> {
				ObservationRegistry observations = context.getBean(ObservationRegistry.class);
				this.recorder.registry = observations;
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(TestServers.exchange(TestServers.address(context, "echo"), "one\n")).isEqualTo("one\n");
				await().atMost(TestServers.TIMEOUT)
					.until(() -> meters.find(SocketServerMeters.REQUESTS.getName())
						.timers()
						.stream()
						.mapToLong(Timer::count)
						.sum(), (count) -> count == 1);
				// The request was observed (it ran in scope), and timed once, by the
				// server's own timer.
				assertThat(this.recorder.inScope).containsExactly(DefaultSocketServerObservationConvention.NAME);
				assertThat(meters.find(DefaultSocketServerObservationConvention.NAME).meters()).isEmpty();
				assertThat(meters.find(DefaultSocketServerObservationConvention.NAME + ".active").meters()).isEmpty();
				Observation.createNotStarted("other.work", observations).observe(() -> {
				});
				assertThat(meters.find("other.work").timer()).isNotNull().extracting(Timer::count).isEqualTo(1L);
			});
	}

	@Test
	void theDefaultMeterHandlerTimesRequestsTooWhenAskedTo() {
		withBootsMeterHandler()
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.observations.meters=true")
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(TestServers.exchange(TestServers.address(context, "echo"), "one\n")).isEqualTo("one\n");
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(meters.find(DefaultSocketServerObservationConvention.NAME).timer())
						.isNotNull()
						.extracting(Timer::count)
						.isEqualTo(1L));
				assertThat(meters.find(DefaultSocketServerObservationConvention.NAME + ".active").longTaskTimer())
					.isNotNull();
			});
	}

	@Test
	void makesNoObservationWhenTheOnlyHandlerThatTakesItRecordsNothing() {
		ObservationRegistry registry = ObservationRegistry.create();
		// As Boot groups meter handlers: the silent one first, the default one behind it.
		registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new SocketServerMeterObservationHandler(),
					new DefaultMeterObservationHandler(new SimpleMeterRegistry())));
		SocketServerObservations observations = new SocketServerObservations(registry, "echo", AddressFamily.INET,
				SocketType.STREAM);
		Request request = StubRequests.from(new InetSocketAddress("127.0.0.1", 40000));
		assertThat(observations.requestStarted(request)).isNull();
		assertThat(observations.requestStarted(request)).isNull();
		assertThat(registry.getCurrentObservation()).isNull();
	}

	@Test
	void observesAgainOnceAHandlerThatActsIsAdded() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new SocketServerMeterObservationHandler());
		SocketServerObservations observations = new SocketServerObservations(registry, "echo", AddressFamily.INET,
				SocketType.STREAM);
		Request request = StubRequests.from(new InetSocketAddress("127.0.0.1", 40000));
		assertThat(observations.requestStarted(request)).isNull();
		this.recorder.registry = registry;
		registry.observationConfig().observationHandler(this.recorder);
		Object state = observations.requestStarted(request);
		assertThat(state).isNotNull();
		assertThat(registry.getCurrentObservation()).isNotNull();
		observations.requestFinished(request, state, null, 1);
		assertThat(this.recorder.started).hasSize(1);
		assertThat(this.recorder.stopped).hasSize(1);
		assertThat(registry.getCurrentObservation()).isNull();
	}

	/**
	 * Boot's own observation and metrics auto-configurations, with its default meter
	 * handler, and the echo server.
	 */
	private ApplicationContextRunner withBootsMeterHandler() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SocketServerAutoConfiguration.class, SocketServerMetricsAutoConfiguration.class))
			.withUserConfiguration(EchoConfiguration.class)
			.withBean(RecordingObservationHandler.class, () -> this.recorder);
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler echoHandler(RecordingObservationHandler recorder) {
			return (request) -> {
				recorder.recordScope();
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
	static class FailingConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler failingHandler() {
			return (request) -> {
				throw new IllegalStateException(request.rfile().readLine());
			};
		}

	}

}
