package io.github.socketserver.context;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.handler.StreamRequestHandler;
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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SocketServers}: starting by name a server the context leaves unbound.
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
			assertThat(servers.get("b").state()).isEqualTo(ManagedSocketServer.State.CREATED);
			ManagedSocketServer server = servers.start("b");
			assertThat(server.state()).isEqualTo(ManagedSocketServer.State.RUNNING);
			InetSocketAddress address = TestServers.address(context, "b");
			assertThat(server.server().serverAddress()).isEqualTo(address);
			assertThat(TestServers.exchange(address, "")).isEqualTo("hello\n");
			EventLog events = context.getBean(EventLog.class);
			assertThat(events.started).extracting(SocketServerStartedEvent::name).containsExactly("b");
			servers.start("b");
			assertThat(events.started).hasSize(1);
			context.close();
			assertThat(server.state()).isEqualTo(ManagedSocketServer.State.STOPPED);
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
				assertThat(servers.get("b").state()).isEqualTo(ManagedSocketServer.State.FAILED);
				assertThat(context.getBean(EventLog.class).failed).singleElement()
					.satisfies((event) -> assertThat(event.failure()).isInstanceOf(SocketServerStartException.class));
				assertThat(context.getEnvironment().containsProperty("local.socketserver.b.port")).isFalse();
			});
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
