package io.github.socketserver.metrics;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.autoconfigure.metrics.SocketServerMetricsAutoConfiguration;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.testsupport.TestServers;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SocketServerObservationConvention}: a convention bean names the
 * request observations and gives their key values in place of
 * {@link DefaultSocketServerObservationConvention}, which costs a request no string it
 * does not need.
 */
class SocketServerObservationConventionTests {

	private final RecordingObservationHandler recorder = new RecordingObservationHandler();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(SocketServerAutoConfiguration.class, SocketServerMetricsAutoConfiguration.class))
		.withBean(ObservationRegistry.class, this.recorder::registry)
		.withBean(RecordingObservationHandler.class, () -> this.recorder)
		.withUserConfiguration(EchoConfiguration.class)
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0");

	@Test
	void aConventionBeanExtendingTheDefaultAddsAndReplacesKeyValues() {
		this.runner.withBean(SocketServerObservationConvention.class, TenantConvention::new).run((context) -> {
			assertThat(TestServers.exchange(TestServers.address(context, "echo"), "one\n")).isEqualTo("one\n");
			await().atMost(TestServers.TIMEOUT).until(() -> this.recorder.stopped.size() == 1);
			Observation.Context observation = this.recorder.stopped.get(0);
			assertThat(observation.getName()).isEqualTo("socketserver.request");
			assertThat(observation.getContextualName()).isEqualTo("echo request");
			assertThat(observation.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
					KeyValue.of("server.name", "echo"), KeyValue.of("family", "inet"), KeyValue.of("type", "stream"),
					KeyValue.of("outcome", "success"), KeyValue.of("tenant", "blue"));
			assertThat(observation.getHighCardinalityKeyValues())
				.containsExactly(KeyValue.of("client.host", "127.0.0.1"));
		});
	}

	@Test
	void aConventionBeanOfItsOwnRenamesTheObservationAndGivesAllItsKeyValues() {
		this.runner.withBean(SocketServerObservationConvention.class, ProtocolConvention::new).run((context) -> {
			assertThat(TestServers.exchange(TestServers.address(context, "echo"), "one\n")).isEqualTo("one\n");
			await().atMost(TestServers.TIMEOUT).until(() -> this.recorder.stopped.size() == 1);
			Observation.Context observation = this.recorder.stopped.get(0);
			assertThat(observation.getName()).isEqualTo("echo.protocol");
			assertThat(observation.getLowCardinalityKeyValues()).containsExactly(KeyValue.of("protocol", "echo"));
			assertThat(observation.getHighCardinalityKeyValues()).isEmpty();
			assertThat(this.recorder.inScope).containsExactly("echo.protocol");
		});
	}

	@Test
	void theDefaultConventionWritesTheClientAddressOutOnlyWhenAHandlerReadsIt() {
		CountingAddress address = new CountingAddress();
		Request request = StubRequests.from(address);
		SocketServerObservations observations = new SocketServerObservations(this.recorder.registry(), "echo",
				AddressFamily.UNIX, SocketType.STREAM);
		observations.requestFinished(request, observations.requestStarted(request), null, 1000);
		Observation.Context observation = this.recorder.stopped.get(0);
		assertThat(observation.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("success");
		assertThat(address.written).hasValue(0);
		assertThat(observation.getHighCardinalityKeyValue("client.address").getValue()).isEqualTo("a client");
		assertThat(observation.getHighCardinalityKeyValue("client.address").getValue()).isEqualTo("a client");
		assertThat(address.written).hasValue(1);
	}

	@Test
	void aNoopRegistryCreatesNothingForARequest() {
		CountingAddress address = new CountingAddress();
		Request request = StubRequests.from(address);
		SocketServerObservations observations = new SocketServerObservations(ObservationRegistry.NOOP,
				new TenantConvention(), "echo", AddressFamily.INET, SocketType.STREAM);
		assertThat(observations.requestStarted(request)).isNull();
		observations.requestFinished(request, null, new IllegalStateException(), 1000);
		assertThat(address.written).hasValue(0);
	}

	/**
	 * The default key values, a tenant, and the client's host instead of its address.
	 */
	static class TenantConvention extends DefaultSocketServerObservationConvention {

		@Override
		public String getContextualName(SocketServerObservationContext context) {
			return context.serverName() + " request";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(SocketServerObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and("tenant", "blue");
		}

		@Override
		public KeyValues getHighCardinalityKeyValues(SocketServerObservationContext context) {
			InetSocketAddress client = (InetSocketAddress) context.request().clientAddress();
			return KeyValues.of("client.host", client.getAddress().getHostAddress());
		}

	}

	static class ProtocolConvention implements SocketServerObservationConvention {

		@Override
		public String getName() {
			return "echo.protocol";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(SocketServerObservationContext context) {
			return KeyValues.of("protocol", context.serverName());
		}

	}

	/**
	 * A client address that counts how often it is written out.
	 */
	static class CountingAddress extends SocketAddress {

		final AtomicInteger written = new AtomicInteger();

		@Override
		public String toString() {
			this.written.incrementAndGet();
			return "a client";
		}

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

}
