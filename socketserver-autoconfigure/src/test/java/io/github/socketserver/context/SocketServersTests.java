package io.github.socketserver.context;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.TcpServer;
import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.testsupport.Gate;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SocketServers}: starting by name a server the context leaves unbound,
 * stopping one by name, and servers made by hand.
 */
class SocketServersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(BConfiguration.class)
		.withBean(EventLog.class)
		.withPropertyValues("socketserver.servers.b.host=127.0.0.1", "socketserver.servers.b.threading=thread",
				"socketserver.servers.b.auto-startup=false");

	@Test
	void startsAServerWithoutAutoStartupAndPublishesItsPortAndAStartedEvent() {
		this.runner.withPropertyValues("socketserver.servers.b.port=0").run((context) -> {
			SocketServers servers = context.getBean(SocketServers.class);
			assertThat(servers.get("b").state()).isEqualTo(SocketServerState.CREATED);
			ManagedSocketServer server = servers.start("b");
			assertThat(server.state()).isEqualTo(SocketServerState.RUNNING);
			InetSocketAddress address = TestServers.address(context, "b");
			assertThat(server.server().serverAddress()).isEqualTo(address);
			assertThat(TestServers.exchange(address, "")).isEqualTo("hello\n");
			EventLog events = context.getBean(EventLog.class);
			assertThat(events.started).extracting(SocketServerStartedEvent::name).containsExactly("b");
			servers.start("b");
			assertThat(events.started).hasSize(1);
			context.close();
			assertThat(server.state()).isEqualTo(SocketServerState.STOPPED);
			assertThat(events.stopped).extracting(SocketServerStoppedEvent::name).containsExactly("b");
		});
	}

	@Test
	void publishesAFailedEventWhenAServerStartedByNameCannotBind() throws IOException {
		try (ServerSocket blocker = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			this.runner.withPropertyValues("socketserver.servers.b.port=" + blocker.getLocalPort()).run((context) -> {
				SocketServers servers = context.getBean(SocketServers.class);
				assertThatExceptionOfType(SocketServerStartException.class).isThrownBy(() -> servers.start("b"))
					.withRootCauseInstanceOf(BindException.class)
					.satisfies((ex) -> assertThat(ex.serverName()).isEqualTo("b"));
				assertThat(servers.get("b").state()).isEqualTo(SocketServerState.FAILED);
				assertThat(context.getBean(EventLog.class).failed).singleElement()
					.satisfies((event) -> assertThat(event.failure()).isInstanceOf(SocketServerStartException.class));
				assertThat(context.getEnvironment().containsProperty("local.socketserver.b.port")).isFalse();
			});
		}
	}

	@Test
	void stopsAServerByNameOnceItsRequestInFlightIsDoneAndStartsItAgain() {
		Gate gate = new Gate();
		this.runner.withBean(Gate.class, () -> gate)
			.withUserConfiguration(GatedConfiguration.class)
			.withPropertyValues("socketserver.servers.b.port=0", "socketserver.servers.g.host=127.0.0.1",
					"socketserver.servers.g.port=0", "socketserver.servers.g.threading=thread")
			.run((context) -> {
				SocketServers servers = context.getBean(SocketServers.class);
				ManagedSocketServer server = servers.get("g");
				InetSocketAddress address = TestServers.address(context, "g");
				FutureTask<ManagedSocketServer> stop = new FutureTask<>(() -> servers.stop("g"));
				try (SocketTestClient client = TestServers.open(address, "held\n")) {
					assertThat(gate.awaitArrivals()).isTrue();
					new Thread(stop, "test-stopper").start();
					await().atMost(TestServers.TIMEOUT)
						.untilAsserted(() -> assertThat(server.state()).isEqualTo(SocketServerState.DRAINING));
					assertThat(stop.isDone()).isFalse();
					gate.release();
					assertThat(client.readToEndAsString()).isEqualTo("done held\n");
				}
				assertThat(stop.get(TestServers.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isSameAs(server);
				assertThat(server.state()).isEqualTo(SocketServerState.STOPPED);
				assertThatIOException().isThrownBy(() -> SocketChannel.open(address).close());
				EventLog events = context.getBean(EventLog.class);
				assertThat(events.stopped).extracting(SocketServerStoppedEvent::name).containsExactly("g");
				servers.stop("g");
				assertThat(events.stopped).hasSize(1);
				servers.start("g");
				assertThat(TestServers.exchange(TestServers.address(context, "g"), "again\n"))
					.isEqualTo("done again\n");
				assertThat(events.started).extracting(SocketServerStartedEvent::name).containsExactly("g", "g");
			});
	}

	@Test
	void startsAndStopsServersMadeByHandOutsideAnApplicationContext() throws Exception {
		ManagedSocketServer made = new ManagedSocketServer(() -> new TcpServer(new InetSocketAddress("127.0.0.1", 0),
				() -> (request) -> request.wfile().write("hello\n"), ServerOptions.builder().name("h").build(), false),
				Duration.ofMillis(50), true, Duration.ofSeconds(1), new ServerStatistics());
		SocketServers servers = new SocketServers(List.of(made));
		try {
			assertThat(servers.start("h").state()).isEqualTo(SocketServerState.RUNNING);
			assertThat(TestServers.exchange(made.server().serverAddress(), "")).isEqualTo("hello\n");
			assertThat(servers.stop("h").state()).isEqualTo(SocketServerState.STOPPED);
			assertThat(made.server().isClosed()).isTrue();
		}
		finally {
			servers.destroy();
		}
	}

	@Test
	void refusesToStartAServerItDoesNotKnow() {
		this.runner.withPropertyValues("socketserver.servers.b.port=0").run((context) -> {
			SocketServers servers = context.getBean(SocketServers.class);
			assertThatIllegalArgumentException().isThrownBy(() -> servers.start("c"))
				.withMessage("No socket server is named 'c'. Configured servers: [b]");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class BConfiguration {

		@Bean
		@SocketHandler("b")
		StreamRequestHandler bHandler() {
			return (request) -> request.wfile().write("hello\n");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GatedConfiguration {

		@Bean
		@SocketHandler("g")
		StreamRequestHandler gHandler(Gate gate) {
			return gate.handler();
		}

	}

	static class EventLog implements ApplicationListener<ApplicationEvent> {

		final List<SocketServerStartedEvent> started = new CopyOnWriteArrayList<>();

		final List<SocketServerStoppedEvent> stopped = new CopyOnWriteArrayList<>();

		final List<SocketServerFailedEvent> failed = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof SocketServerStartedEvent startedEvent) {
				this.started.add(startedEvent);
			}
			else if (event instanceof SocketServerStoppedEvent stoppedEvent) {
				this.stopped.add(stoppedEvent);
			}
			else if (event instanceof SocketServerFailedEvent failedEvent) {
				this.failed.add(failedEvent);
			}
		}

	}

}
