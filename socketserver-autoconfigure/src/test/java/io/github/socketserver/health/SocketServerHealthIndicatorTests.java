package io.github.socketserver.health;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.socketserver.TcpServer;
import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.autoconfigure.health.SocketServerHealthContributorAutoConfiguration;
import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.SocketServerStartException;
import io.github.socketserver.context.SocketServerState;
import io.github.socketserver.context.ServerStatistics;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.testsupport.Gate;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SocketServerHealthIndicator} and its auto-configuration: a component
 * per server under {@code socketServers}, following the server through its life.
 */
class SocketServerHealthIndicatorTests {

	@TempDir
	Path temp;

	private final Gate gate = new Gate();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class,
				SocketServerHealthContributorAutoConfiguration.class))
		.withUserConfiguration(GateConfiguration.class)
		.withBean(Gate.class, () -> this.gate)
		.withPropertyValues("socketserver.servers.slow.host=127.0.0.1", "socketserver.servers.slow.port=0",
				"socketserver.servers.slow.threading=thread");

	@Test
	void isUpWithItsDetailsWhileAServerListens() {
		Path socket = this.temp.resolve("dgram.sock");
		this.runner.withUserConfiguration(DatagramConfiguration.class)
			.withPropertyValues("socketserver.servers.dgram.type=datagram", "socketserver.servers.dgram.family=unix",
					"socketserver.servers.dgram.path=" + socket)
			.run((context) -> {
				int port = TestServers.address(context, "slow").getPort();
				Health slow = health(context, "slow");
				assertThat(slow.getStatus()).isEqualTo(Status.UP);
				assertThat(slow.getDetails()).containsEntry("state", "running")
					.containsEntry("address", "127.0.0.1:" + port)
					.containsEntry("family", "inet")
					.containsEntry("type", "stream")
					.containsEntry("threading", "thread")
					.containsEntry("activeRequests", 0)
					.containsEntry("activeConnections", 0);
				Health dgram = health(context, "dgram");
				assertThat(dgram.getStatus()).isEqualTo(Status.UP);
				assertThat(dgram.getDetails()).containsEntry("address", socket.toString())
					.containsEntry("family", "unix")
					.containsEntry("type", "datagram")
					.containsEntry("activeRequests", 0)
					.doesNotContainKey("activeConnections");
			});
	}

	@Test
	void countsTheConnectionsAndRequestsInFlightInItsDetails() {
		this.gate.expect(2);
		this.runner.run((context) -> {
			try (SocketTestClient a = TestServers.open(TestServers.address(context, "slow"), "a\n");
					SocketTestClient b = TestServers.open(TestServers.address(context, "slow"), "b\n")) {
				try {
					assertThat(this.gate.awaitArrivals()).isTrue();
					assertThat(health(context, "slow").getDetails()).containsEntry("activeRequests", 2)
						.containsEntry("activeConnections", 2);
				}
				finally {
					this.gate.release();
				}
				assertThat(a.readToEndAsString()).isEqualTo("done a\n");
				assertThat(b.readToEndAsString()).isEqualTo("done b\n");
			}
		});
	}

	@Test
	void isOutOfServiceWhileAServerDrainsThenDownOnceItStopped() {
		this.gate.expect(1);
		this.runner.run((context) -> {
			HealthIndicator indicator = indicator(context, "slow");
			ManagedSocketServer server = context.getBean(SocketServers.class).get("slow");
			int port = TestServers.address(context, "slow").getPort();
			Thread closer = new Thread(context::close, "test-context-closer");
			try (SocketTestClient client = TestServers.open(TestServers.address(context, "slow"), "held\n")) {
				try {
					assertThat(this.gate.awaitArrivals()).isTrue();
					closer.start();
					await().atMost(TestServers.TIMEOUT).until(() -> server.state() == SocketServerState.DRAINING);
					Health draining = indicator.health();
					assertThat(draining.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
					assertThat(draining.getDetails()).containsEntry("state", "draining")
						.containsEntry("activeRequests", 1);
				}
				finally {
					this.gate.release();
				}
				assertThat(client.readToEndAsString()).isEqualTo("done held\n");
			}
			await().atMost(TestServers.TIMEOUT).until(() -> !closer.isAlive());
			Health stopped = indicator.health();
			assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
			assertThat(stopped.getDetails()).containsEntry("state", "stopped")
				.containsEntry("address", "127.0.0.1:" + port);
		});
	}

	@Test
	void isUnknownBeforeAServerStartsAndDownWhenItFailsToBind() throws IOException {
		try (ServerSocket blocker = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			this.runner
				.withPropertyValues("socketserver.servers.slow.port=" + blocker.getLocalPort(),
						"socketserver.servers.slow.auto-startup=false")
				.run((context) -> {
					Health created = health(context, "slow");
					assertThat(created.getStatus()).isEqualTo(Status.UNKNOWN);
					assertThat(created.getDetails()).containsEntry("state", "created");
					SocketServers servers = context.getBean(SocketServers.class);
					assertThatExceptionOfType(SocketServerStartException.class).isThrownBy(() -> servers.start("slow"))
						.withRootCauseInstanceOf(BindException.class);
					Health failed = health(context, "slow");
					assertThat(failed.getStatus()).isEqualTo(Status.DOWN);
					assertThat(failed.getDetails()).containsEntry("state", "failed")
						.containsEntry("address", "127.0.0.1:" + blocker.getLocalPort());
				});
		}
	}

	@Test
	void saysAServerOnAnInheritedSocketIsInherited() throws IOException {
		ServerSocketChannel bound = ServerSocketChannel.open();
		bound.bind(new InetSocketAddress("127.0.0.1", 0));
		ServerOptions options = ServerOptions.builder().name("inherited").build();
		ManagedSocketServer server = new ManagedSocketServer(() -> new TcpServer(bound, TestServers::lineEcho, options),
				Duration.ofMillis(100), true, Duration.ofSeconds(1), new ServerStatistics());
		SocketServers servers = new SocketServers(List.of(server));
		try {
			servers.start("inherited");
			Health health = new SocketServerHealthIndicator(server).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("inherited", true);
		}
		finally {
			servers.stop("inherited");
		}
	}

	@Test
	void isNotContributedWhenDisabled() {
		this.runner.withPropertyValues("management.health.socketservers.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("socketServersHealthContributor"));
	}

	private static Health health(AssertableApplicationContext context, String server) {
		Health health = indicator(context, server).health();
		assertThat(health).isNotNull();
		return health;
	}

	private static HealthIndicator indicator(AssertableApplicationContext context, String server) {
		CompositeHealthContributor servers = context.getBean("socketServersHealthContributor",
				CompositeHealthContributor.class);
		assertThat(servers.getContributor(server)).isInstanceOf(SocketServerHealthIndicator.class);
		return (HealthIndicator) servers.getContributor(server);
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
	static class DatagramConfiguration {

		@Bean
		@SocketHandler("dgram")
		DatagramRequestHandler datagramHandler() {
			return (request) -> request.wfile().write(request.packet());
		}

	}

}
