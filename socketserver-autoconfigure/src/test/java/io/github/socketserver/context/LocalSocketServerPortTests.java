package io.github.socketserver.context;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.handler.StreamRequestHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalSocketServerPort} on a field of a test class.
 */
@SpringBootTest(classes = LocalSocketServerPortTests.EchoConfiguration.class,
		properties = { "socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0" })
@DirtiesContext
@SuppressWarnings("deprecation")
class LocalSocketServerPortTests {

	@LocalSocketServerPort("echo")
	int port;

	@Autowired
	SocketServers servers;

	@Test
	void injectsThePortTheServerListensOn() throws Exception {
		ManagedSocketServer server = this.servers.get("echo");
		assertThat(server).isNotNull();
		assertThat(this.port).isPositive().isEqualTo(((InetSocketAddress) server.server().serverAddress()).getPort());
		try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", this.port))) {
			assertThat(client.isConnected()).isTrue();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(SocketServerAutoConfiguration.class)
	static class EchoConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler echoHandler() {
			return (request) -> request.wfile().write("hello\n");
		}

	}

}
