package io.github.socketserver.context;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link SocketServersLifecycle}: servers bound after refresh, announced,
 * published in the environment, and closed with the context.
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketServersLifecycleTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(AConfiguration.class)
		.withBean(EventLog.class)
		.withPropertyValues("socketserver.servers.a.host=127.0.0.1", "socketserver.servers.a.port=0",
				"socketserver.servers.a.threading=thread");

	@TempDir
	Path temp;

	@Test
	void bindsServersAfterRefreshAndLogsWhereEachListens(CapturedOutput output) {
		this.runner.run((context) -> {
			ManagedSocketServer server = context.getBean(SocketServers.class).get("a");
			assertThat(server.state()).isEqualTo(SocketServerState.RUNNING);
			InetSocketAddress address = TestServers.address(context, "a");
			assertThat(address.getPort()).isPositive();
			assertThat(server.server().serverAddress()).isEqualTo(address);
			assertAccepts(address);
			assertThat(output)
				.contains("Socket server 'a' (inet stream, thread) listening on 127.0.0.1:" + address.getPort());
		});
	}

	@Test
	void publishesAStartedEventPerServerAndAStoppedEventOnClose() {
		this.runner.withUserConfiguration(BConfiguration.class)
			.withPropertyValues("socketserver.servers.b.host=127.0.0.1", "socketserver.servers.b.port=0",
					"socketserver.servers.b.threading=thread")
			.run((context) -> {
				EventLog events = context.getBean(EventLog.class);
				assertThat(events.started).extracting(SocketServerStartedEvent::name).containsExactly("a", "b");
				assertThat(events.started.get(0).address()).isEqualTo(TestServers.address(context, "a"));
				assertThat(events.started.get(1).address()).isEqualTo(TestServers.address(context, "b"));
				assertThat(events.stopped).isEmpty();
				context.close();
				assertThat(events.stopped).extracting(SocketServerStoppedEvent::name).containsExactly("a", "b");
			});
	}

	@Test
	void publishesWhereEachServerListensInTheEnvironment() {
		Path socket = this.temp.resolve("u.sock");
		this.runner.withUserConfiguration(UnixConfiguration.class)
			.withPropertyValues("socketserver.servers.u.family=unix", "socketserver.servers.u.path=" + socket)
			.run((context) -> {
				SocketServers servers = context.getBean(SocketServers.class);
				int port = ((InetSocketAddress) servers.get("a").server().serverAddress()).getPort();
				assertThat(context.getEnvironment().getProperty("local.socketserver.a.port", Integer.class))
					.isEqualTo(port);
				assertThat(context.getEnvironment().getProperty("local.socketserver.u.path"))
					.isEqualTo(socket.toString());
				assertThat(context.getEnvironment().containsProperty("local.socketserver.u.port")).isFalse();
				assertThat(context.getEnvironment().containsProperty("local.socketserver.a.path")).isFalse();
			});
	}

	@Test
	void leavesAServerWithoutAutoStartupUnboundWhileOthersRun() {
		this.runner.withUserConfiguration(BConfiguration.class)
			.withPropertyValues("socketserver.servers.b.host=127.0.0.1", "socketserver.servers.b.port=0",
					"socketserver.servers.b.auto-startup=false")
			.run((context) -> {
				SocketServers servers = context.getBean(SocketServers.class);
				assertThat(servers.get("a").state()).isEqualTo(SocketServerState.RUNNING);
				assertThat(servers.get("b").state()).isEqualTo(SocketServerState.CREATED);
				assertThat(servers.get("b").server().channel().isOpen()).isTrue();
				assertThat(context.getEnvironment().containsProperty("local.socketserver.b.port")).isFalse();
				EventLog events = context.getBean(EventLog.class);
				assertThat(events.started).extracting(SocketServerStartedEvent::name).containsExactly("a");
				context.close();
				assertThat(events.stopped).extracting(SocketServerStoppedEvent::name).containsExactly("a");
				assertThat(servers.get("b").state()).isEqualTo(SocketServerState.STOPPED);
				assertThat(servers.get("b").server().channel().isOpen()).isFalse();
			});
	}

	@Test
	void removesUnixSocketFilesWhenTheContextCloses() {
		Path stream = this.temp.resolve("stream.sock");
		Path datagram = this.temp.resolve("datagram.sock");
		this.runner.withUserConfiguration(UnixConfiguration.class, DatagramConfiguration.class)
			.withPropertyValues("socketserver.servers.u.family=unix", "socketserver.servers.u.path=" + stream,
					"socketserver.servers.d.family=unix", "socketserver.servers.d.type=datagram",
					"socketserver.servers.d.path=" + datagram)
			.run((context) -> {
				assertThat(stream).exists();
				assertThat(datagram).exists();
				assertAccepts(UnixDomainSocketAddress.of(stream));
				context.close();
				assertThat(stream).doesNotExist();
				assertThat(datagram).doesNotExist();
			});
	}

	@Test
	void closesServersWithTheContext() {
		this.runner.run((context) -> {
			InetSocketAddress address = TestServers.address(context, "a");
			ManagedSocketServer server = context.getBean(SocketServers.class).get("a");
			context.close();
			assertThat(server.state()).isEqualTo(SocketServerState.STOPPED);
			assertThatIOException().isThrownBy(() -> SocketChannel.open(address).close());
		});
	}

	@Test
	void publishesAFailedEventWhenAServerCannotBind() throws IOException {
		try (ServerSocket blocker = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			List<SocketServerFailedEvent> failures = new CopyOnWriteArrayList<>();
			this.runner.withPropertyValues("socketserver.servers.a.port=" + blocker.getLocalPort())
				.withBean(FailureLog.class, () -> new FailureLog(failures))
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(BindException.class);
				});
			assertThat(failures).singleElement().satisfies((event) -> {
				assertThat(event.name()).isEqualTo("a");
				assertThat(event.failure()).isInstanceOfSatisfying(SocketServerStartException.class, (failure) -> {
					assertThat(failure.serverName()).isEqualTo("a");
					assertThat(failure.address()).isEqualTo("127.0.0.1:" + blocker.getLocalPort());
				});
			});
		}
	}

	private static void assertAccepts(SocketAddress address) throws IOException {
		try (SocketChannel client = SocketChannel.open(address)) {
			assertThat(client.isConnected()).isTrue();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class AConfiguration {

		@Bean
		@SocketHandler("a")
		StreamRequestHandler aHandler() {
			return (request) -> request.wfile().write("hello\n");
		}

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
	static class UnixConfiguration {

		@Bean
		@SocketHandler("u")
		StreamRequestHandler unixHandler() {
			return (request) -> request.wfile().write("hello\n");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DatagramConfiguration {

		@Bean
		@SocketHandler("d")
		DatagramRequestHandler datagramHandler() {
			return (request) -> request.wfile().write(request.packet());
		}

	}

	static class EventLog implements ApplicationListener<ApplicationEvent> {

		final List<SocketServerStartedEvent> started = new CopyOnWriteArrayList<>();

		final List<SocketServerStoppedEvent> stopped = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof SocketServerStartedEvent startedEvent) {
				this.started.add(startedEvent);
			}
			else if (event instanceof SocketServerStoppedEvent stoppedEvent) {
				this.stopped.add(stoppedEvent);
			}
		}

	}

	static class FailureLog implements ApplicationListener<SocketServerFailedEvent> {

		private final List<SocketServerFailedEvent> failures;

		FailureLog(List<SocketServerFailedEvent> failures) {
			this.failures = failures;
		}

		@Override
		public void onApplicationEvent(SocketServerFailedEvent event) {
			this.failures.add(event);
		}

	}

}
