package io.github.socketserver.test.app;

import java.io.IOException;

import io.github.socketserver.context.SocketServers;
import io.github.socketserver.test.LocalSocketServerPort;
import io.github.socketserver.test.SocketServerTest;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestConstructor;
import org.springframework.test.context.TestConstructor.AutowireMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalSocketServerPort} on a constructor that
 * {@code @TestConstructor(autowireMode = ALL)} hands to Spring.
 */
@SocketServerTest(servers = "echo")
@TestConstructor(autowireMode = AutowireMode.ALL)
class SocketServerTestConstructorAutowireAllTests {

	private final SocketServers servers;

	private final Integer port;

	SocketServerTestConstructorAutowireAllTests(SocketServers servers, @LocalSocketServerPort("echo") Integer port) {
		this.servers = servers;
		this.port = port;
	}

	@Test
	void getsTheBeansAndThePort() throws IOException {
		assertThat(this.servers.all()).hasSize(1);
		try (SocketTestClient client = SocketTestClient.tcp(this.port)) {
			client.sendLine("autowire all");
			assertThat(client.readLine()).isEqualTo("autowire all");
		}
	}

}
