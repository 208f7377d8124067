package io.github.socketserver.context;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.BaseServer;
import io.github.socketserver.TcpServer;
import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.connection.Connection;
import io.github.socketserver.connection.TrafficListener;
import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ConnectionEventPublisher}: a {@link SocketConnectionEvent} when a
 * connection opens and closes, only when {@code socketserver.connection-events} is on.
 */
class ConnectionEventPublisherTests {

	private final List<SocketConnectionEvent> events = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class)
		.withBean(ConnectionLog.class, () -> new ConnectionLog(this.events))
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0");

	@Test
	void publishesAnEventWhenAConnectionOpensAndWhenItCloses() {
		this.runner.withPropertyValues("socketserver.connection-events=true").run((context) -> {
			InetSocketAddress client;
			try (SocketTestClient channel = SocketTestClient.connect(TestServers.address(context, "echo"))) {
				client = (InetSocketAddress) channel.localAddress();
				assertThat(channel.exchange("hello\n")).isEqualTo("hello\n");
			}
			await().atMost(TestServers.TIMEOUT).until(() -> this.events.size() == 2);
			SocketConnectionEvent opened = this.events.get(0);
			SocketConnectionEvent closed = this.events.get(1);
			assertThat(opened.kind()).isEqualTo(SocketConnectionEvent.Kind.OPENED);
			assertThat(opened.server().name()).isEqualTo("echo");
			assertThat(opened.clientAddress()).isEqualTo(client);
			assertThat(opened.durationNanos()).isNull();
			assertThat(closed.kind()).isEqualTo(SocketConnectionEvent.Kind.CLOSED);
			assertThat(closed.server().name()).isEqualTo("echo");
			assertThat(closed.clientAddress()).isEqualTo(client);
			assertThat(closed.durationNanos()).isPositive();
		});
	}

	@Test
	void namesTheCoreServerThatServesTheConnectionAfterARestart() {
		this.runner.withPropertyValues("socketserver.connection-events=true").run((context) -> {
			ManagedSocketServer server = context.getBean(SocketServers.class).get("echo");
			BaseServer<?> first = server.server();
			assertThat(TestServers.exchange(TestServers.address(context, "echo"), "one\n")).isEqualTo("one\n");
			await().atMost(TestServers.TIMEOUT).until(() -> this.events.size() == 2);
			context.stop();
			context.start();
			assertThat(TestServers.exchange(TestServers.address(context, "echo"), "two\n")).isEqualTo("two\n");
			await().atMost(TestServers.TIMEOUT).until(() -> this.events.size() == 4);
			assertThat(this.events.subList(0, 2)).allSatisfy((event) -> assertThat(event.server()).isSameAs(first));
			assertThat(this.events.subList(2, 4))
				.allSatisfy((event) -> assertThat(event.server()).isSameAs(server.server()).isNotSameAs(first));
		});
	}

	@Test
	void aConnectionOpensAndClosesWithTheSocketsPeerWhateverItsLayersFound() throws Exception {
		List<SocketConnectionEvent> events = new CopyOnWriteArrayList<>();
		InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 40123);
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), () -> (request) -> {
		}, ServerOptions.defaults(), false); SocketChannel channel = SocketChannel.open()) {
			ConnectionEventPublisher publisher = new ConnectionEventPublisher(
					(event) -> events.add((SocketConnectionEvent) event), () -> server);
			StreamRequest request = new StreamRequest(Connection.accepted(channel, peer, TrafficListener.NONE),
					new StubServer(), 8192);
			publisher.connectionOpened(request);
			request
				.open(List.of((connection) -> connection.withClientAddress(new InetSocketAddress("10.1.2.3", 5555))));
			publisher.connectionClosed(request, 1);
		}
		assertThat(events).extracting(SocketConnectionEvent::clientAddress).containsExactly(peer, peer);
	}

	@Test
	void publishesNoConnectionEventByDefault() {
		this.runner.run((context) -> {
			assertThat(TestServers.exchange(TestServers.address(context, "echo"), "hello\n")).isEqualTo("hello\n");
			ManagedSocketServer server = context.getBean(SocketServers.class).get("echo");
			// Once the connection is counted as served, its events would have been
			// published.
			await().atMost(TestServers.TIMEOUT).until(() -> server.statistics().requests() == 1);
			context.close();
			assertThat(this.events).isEmpty();
		});
	}

	@Test
	void aListenerThatThrowsNeitherStopsTheServerNorHoldsItsClose() {
		this.runner.withBean(FailingListener.class)
			.withPropertyValues("socketserver.connection-events=true", "socketserver.servers.echo.threading=pool")
			.run((context) -> {
				ManagedSocketServer server = context.getBean(SocketServers.class).get("echo");
				for (int i = 0; i < 3; i++) {
					assertThat(TestServers.exchange(TestServers.address(context, "echo"), "hello " + i + "\n"))
						.isEqualTo("hello " + i + "\n");
				}
				await().atMost(TestServers.TIMEOUT).until(() -> server.server().activeRequests() == 0);
				assertThat(server.state()).isEqualTo(SocketServerState.RUNNING);
				assertThat(this.events).hasSize(6);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler echoHandler() {
			return (request) -> request.wfile().write(request.rfile().readLine() + "\n");
		}

	}

	static class ConnectionLog implements ApplicationListener<SocketConnectionEvent> {

		private final List<SocketConnectionEvent> events;

		ConnectionLog(List<SocketConnectionEvent> events) {
			this.events = events;
		}

		@Override
		public void onApplicationEvent(SocketConnectionEvent event) {
			this.events.add(event);
		}

	}

	static class FailingListener implements ApplicationListener<SocketConnectionEvent> {

		@Override
		public void onApplicationEvent(SocketConnectionEvent event) {
			throw new IllegalStateException("listener failed on " + event.kind());
		}

	}

	/**
	 * The server a request names, for a request made without one.
	 */
	private static final class StubServer implements RequestServer {

		@Override
		public String name() {
			return "stub";
		}

		@Override
		public SocketAddress serverAddress() {
			return new InetSocketAddress("127.0.0.1", 0);
		}

		@Override
		public void shutdown() {
		}

	}

}
