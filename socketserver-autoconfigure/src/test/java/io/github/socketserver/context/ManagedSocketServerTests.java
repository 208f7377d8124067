package io.github.socketserver.context;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.TcpServer;
import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.autoconfigure.SocketServerCustomizer;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ManagedSocketServer}: a server that starts again after it stopped or
 * failed, on a fresh core server.
 */
class ManagedSocketServerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(HelloConfiguration.class)
		.withPropertyValues("socketserver.servers.a.host=127.0.0.1", "socketserver.servers.a.port=0",
				"socketserver.servers.a.threading=thread");

	@TempDir
	Path temp;

	@Test
	void keepsItsAddressAndStartTimeOnceStoppedAndTakesNewOnesWhenStartedAgain() throws Exception {
		ManagedSocketServer server = new ManagedSocketServer(
				() -> new TcpServer(new InetSocketAddress("127.0.0.1", 0), () -> (request) -> {
				}, ServerOptions.builder().name("s").build(), false), Duration.ofMillis(50), true,
				Duration.ofSeconds(1), new ServerStatistics());
		try {
			assertThat(server.address()).isEqualTo("127.0.0.1:0");
			assertThat(server.startedAt()).isNull();
			assertThat(server.start((core, failure) -> {
			})).isTrue();
			String first = "127.0.0.1:" + ((InetSocketAddress) server.server().serverAddress()).getPort();
			Instant startedAt = server.startedAt();
			assertThat(server.address()).isEqualTo(first);
			assertThat(startedAt).isNotNull();
			server.stop();
			assertThat(server.address()).isEqualTo(first);
			assertThat(server.startedAt()).isEqualTo(startedAt);
			assertThat(server.start((core, failure) -> {
			})).isTrue();
			assertThat(server.address())
				.isEqualTo("127.0.0.1:" + ((InetSocketAddress) server.server().serverAddress()).getPort());
			assertThat(server.startedAt()).isAfterOrEqualTo(startedAt);
		}
		finally {
			server.stop();
		}
	}

	@Test
	void showsDrainingOnlyOnceItHasStoppedListening() throws Exception {
		List<SocketServerState> seenAsListeningStopped = new CopyOnWriteArrayList<>();
		ManagedSocketServer[] managed = new ManagedSocketServer[1];
		managed[0] = new ManagedSocketServer(
				() -> new TcpServer(new InetSocketAddress("127.0.0.1", 0), () -> (request) -> {
				}, ServerOptions.builder().name("s").build(), false) {

					@Override
					public void stopListening() {
						// What a client that connects now sees: it is still taken.
						seenAsListeningStopped.add(managed[0].state());
						super.stopListening();
					}

				}, Duration.ofMillis(50), true, Duration.ofSeconds(1), new ServerStatistics());
		try {
			assertThat(managed[0].start((core, failure) -> {
			})).isTrue();
			managed[0].beginDrain();
			assertThat(seenAsListeningStopped).containsExactly(SocketServerState.RUNNING);
			assertThat(managed[0].state()).isEqualTo(SocketServerState.DRAINING);
		}
		finally {
			managed[0].stop();
		}
	}

	@Test
	void servesAgainWhenTheContextStopsAndStarts() {
		this.runner.withBean(StartLog.class).run((context) -> {
			ManagedSocketServer server = context.getBean(SocketServers.class).get("a");
			InetSocketAddress first = TestServers.address(context, "a");
			assertThat(TestServers.exchange(first, "")).isEqualTo("hello\n");
			context.stop();
			assertThat(server.state()).isEqualTo(SocketServerState.STOPPED);
			context.start();
			assertThat(server.state()).isEqualTo(SocketServerState.RUNNING);
			InetSocketAddress second = TestServers.address(context, "a");
			assertThat(server.server().serverAddress()).isEqualTo(second);
			assertThat(TestServers.exchange(second, "")).isEqualTo("hello\n");
			List<SocketServerStartedEvent> started = context.getBean(StartLog.class).events;
			assertThat(started).extracting(SocketServerStartedEvent::name).containsExactly("a", "a");
			assertThat(started.get(1).server()).isSameAs(server.server()).isNotSameAs(started.get(0).server());
		});
	}

	@Test
	void servesAgainOnItsSocketFileWhenTheContextStopsAndStarts() {
		Path socket = this.temp.resolve("a.sock");
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
			.withUserConfiguration(HelloConfiguration.class)
			.withPropertyValues("socketserver.servers.a.family=unix", "socketserver.servers.a.path=" + socket)
			.run((context) -> {
				context.stop();
				assertThat(socket).doesNotExist();
				context.start();
				assertThat(context.getEnvironment().getProperty("local.socketserver.a.path"))
					.isEqualTo(socket.toString());
				assertThat(TestServers.exchange(UnixDomainSocketAddress.of(socket), "")).isEqualTo("hello\n");
			});
	}

	@Test
	void servesAgainAfterItsServingLoopFailedWhenTheContextStopsAndStarts() {
		ServerAcceptorTests.BreakingListener listener = new ServerAcceptorTests.BreakingListener(
				() -> new AssertionError("listener broke"));
		this.runner.withBean(SocketServerCustomizer.class, () -> (options) -> options.addListener(listener))
			.run((context) -> {
				ManagedSocketServer server = context.getBean(SocketServers.class).get("a");
				listener.armed = true;
				SocketChannel.open(TestServers.address(context, "a")).close();
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(server.state()).isEqualTo(SocketServerState.FAILED));
				context.stop();
				context.start();
				assertThat(server.state()).isEqualTo(SocketServerState.RUNNING);
				assertThat(TestServers.exchange(TestServers.address(context, "a"), "")).isEqualTo("hello\n");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class HelloConfiguration {

		@Bean
		@SocketHandler("a")
		StreamRequestHandler aHandler() {
			return (request) -> request.wfile().write("hello\n");
		}

	}

	static class StartLog implements ApplicationListener<SocketServerStartedEvent> {

		final List<SocketServerStartedEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(SocketServerStartedEvent event) {
			this.events.add(event);
		}

	}

}
