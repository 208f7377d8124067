package io.github.socketserver.endpoint;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.autoconfigure.endpoint.SocketServersEndpointAutoConfiguration;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.endpoint.SocketServersEndpoint.ServerDescriptor;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.handler.RequestVerifier;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SocketServersEndpoint}: every server, or one by name, with the counts
 * of real traffic. The JSON over HTTP is checked by the sample app's tests.
 */
class SocketServersEndpointTests {

	@TempDir
	Path temp;

	/**
	 * Whether the verifier refuses requests, set by a test between its clients.
	 */
	private final AtomicBoolean refuse = new AtomicBoolean();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class,
				SocketServersEndpointAutoConfiguration.class))
		.withUserConfiguration(HandlerConfiguration.class)
		.withPropertyValues("management.endpoints.web.exposure.include=socketservers",
				"socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
				"socketserver.servers.echo.threading=pool", "socketserver.servers.echo.pool.max-threads=4",
				"socketserver.servers.echo.pool.queue-capacity=2", "socketserver.servers.dgram.type=datagram",
				"socketserver.servers.dgram.family=unix", "socketserver.servers.idle.host=127.0.0.1",
				"socketserver.servers.idle.port=0", "socketserver.servers.idle.auto-startup=false");

	@Test
	void describesEveryServerInConfigurationOrderWithItsCounts() {
		Path socket = this.temp.resolve("dgram.sock");
		Instant before = Instant.now();
		this.runner.withPropertyValues("socketserver.servers.dgram.path=" + socket)
			.withBean(RequestVerifier.class, () -> (request) -> !this.refuse.get())
			.run((context) -> {
				int port = TestServers.address(context, "echo").getPort();
				assertThat(TestServers.exchange(TestServers.address(context, "echo"), "ok\n")).isEqualTo("ok\n");
				assertThat(TestServers.exchange(TestServers.address(context, "echo"), "fail\n")).isEmpty();
				this.refuse.set(true);
				assertThat(TestServers.exchange(TestServers.address(context, "echo"), "refused\n")).isEmpty();
				this.refuse.set(false);
				assertThat(TestServers.exchangeDatagram(UnixDomainSocketAddress.of(socket), "hi")).isEqualTo("hi");
				SocketServersEndpoint endpoint = context.getBean(SocketServersEndpoint.class);
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(endpoint.servers().servers().get("echo").requests()).isEqualTo(2));
				assertThat(endpoint.servers().servers()).containsOnlyKeys("echo", "dgram", "idle");
				assertThat(endpoint.servers().servers().keySet()).containsExactly("echo", "dgram", "idle");
				ServerDescriptor echo = endpoint.servers().servers().get("echo");
				assertThat(echo.name()).isEqualTo("echo");
				assertThat(echo.state()).isEqualTo("running");
				assertThat(echo.address()).isEqualTo("127.0.0.1:" + port);
				assertThat(echo.family()).isEqualTo("inet");
				assertThat(echo.type()).isEqualTo("stream");
				assertThat(echo.threading()).isEqualTo("pool(4, 2)");
				assertThat(echo.startedAt()).isBetween(before, Instant.now());
				assertThat(echo.activeRequests()).isZero();
				assertThat(echo.connections()).isEqualTo(3);
				assertThat(echo.errors()).isEqualTo(1);
				assertThat(echo.rejected()).isEqualTo(1);
				ServerDescriptor dgram = endpoint.servers().servers().get("dgram");
				assertThat(dgram.address()).isEqualTo(socket.toString());
				assertThat(dgram.family()).isEqualTo("unix");
				assertThat(dgram.type()).isEqualTo("datagram");
				assertThat(dgram.connections()).isZero();
				assertThat(dgram.requests()).isEqualTo(1);
				ServerDescriptor idle = endpoint.servers().servers().get("idle");
				assertThat(idle.state()).isEqualTo("created");
				assertThat(idle.startedAt()).isNull();
				assertThat(idle.address()).isEqualTo("127.0.0.1:0");
			});
	}

	@Test
	void describesOneServerByNameAndNoneForAnUnknownName() {
		this.runner.withPropertyValues("socketserver.servers.dgram.path=" + this.temp.resolve("dgram.sock"))
			.run((context) -> {
				SocketServersEndpoint endpoint = context.getBean(SocketServersEndpoint.class);
				ServerDescriptor echo = endpoint.server("echo");
				assertThat(echo).isNotNull();
				assertThat(echo).isEqualTo(endpoint.servers().servers().get("echo"));
				assertThat(endpoint.server("unknown")).isNull();
			});
	}

	@Test
	void isNotCreatedWhenNotExposed() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=health",
					"socketserver.servers.dgram.path=" + this.temp.resolve("dgram.sock"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SocketServersEndpoint.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class HandlerConfiguration {

		@Bean
		@SocketHandler({ "echo", "idle" })
		StreamRequestHandler echoHandler() {
			return (request) -> {
				String line = request.rfile().readLine();
				if ("fail".equals(line)) {
					throw new IllegalStateException("failed on request");
				}
				request.wfile().write(line + "\n");
			};
		}

		@Bean
		@SocketHandler("dgram")
		DatagramRequestHandler datagramHandler() {
			return (request) -> request.wfile().write(request.packet());
		}

	}

}
