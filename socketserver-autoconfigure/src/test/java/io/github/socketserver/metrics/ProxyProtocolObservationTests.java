package io.github.socketserver.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.autoconfigure.metrics.SocketServerMetricsAutoConfiguration;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.testsupport.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server configured with {@code proxy-protocol.*}: its observations carry the client
 * behind the balancer, the access lists judge that client, and a bad header counts as a
 * rejection of reason {@code header}.
 */
class ProxyProtocolObservationTests {

	private final RecordingObservationHandler recorder = new RecordingObservationHandler();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(SocketServerAutoConfiguration.class, SocketServerMetricsAutoConfiguration.class))
		.withBean(ObservationRegistry.class, this.recorder::registry)
		.withBean(MeterRegistry.class, () -> this.meters)
		.withUserConfiguration(AddressConfiguration.class)
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
				"socketserver.servers.echo.proxy-protocol.mode=required",
				"socketserver.servers.echo.proxy-protocol.trusted=127.0.0.0/8,::1",
				"socketserver.servers.echo.proxy-protocol.header-timeout=10s",
				"socketserver.servers.echo.access.deny=203.0.113.0/24");

	@Test
	void theObservationTheAccessListsAndTheMetricsSeeTheClientBehindTheBalancer() {
		this.runner.run((context) -> {
			InetSocketAddress address = TestServers.address(context, "echo");
			assertThat(send(address, "PROXY TCP4 192.0.2.10 10.0.0.1 4444 9000\r\n")).isEqualTo("/192.0.2.10:4444\n");
			assertThat(send(address, "PROXY TCP4 203.0.113.5 10.0.0.1 4445 9000\r\n")).as("denied").isEmpty();
			assertThat(send(address, "GET / HTTP/1.0\r\n")).as("no header").isEmpty();
			await().atMost(TestServers.TIMEOUT).until(() -> rejected("header") == 1 && rejected("verify") == 1);
			assertThat(this.recorder.stopped).singleElement()
				.satisfies(
						(observation) -> assertThat(observation.getHighCardinalityKeyValue("client.address").getValue())
							.isEqualTo("192.0.2.10:4444"));
		});
	}

	private double rejected(String reason) {
		return this.meters.get("socketserver.requests.rejected").tag("reason", reason).counter().count();
	}

	private static String send(InetSocketAddress address, String text) throws IOException {
		try (SocketTestClient client = SocketTestClient.connect(address)) {
			client.send(text.getBytes(StandardCharsets.US_ASCII));
			return client.readToEndAsString();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class AddressConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler addressHandler() {
			return (request) -> request.wfile().write(request.clientAddress() + "\n");
		}

	}

}
