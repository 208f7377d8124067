package io.github.socketserver.test.app;

import java.io.IOException;
import java.nio.file.Path;

import io.github.socketserver.context.SocketServers;
import io.github.socketserver.test.LocalSocketServerPath;
import io.github.socketserver.test.LocalSocketServerPort;
import io.github.socketserver.test.SocketServerTest;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalSocketServerPort} and {@link LocalSocketServerPath} on an
 * {@code @Autowired} constructor that takes beans too: Spring resolves all of its
 * parameters, the annotated ones included.
 */
@SocketServerTest(servers = { "echo", "unix-echo" })
class SocketServerTestAutowiredConstructorTests {

	private final SocketServers servers;

	private final int port;

	private final Path path;

	@Autowired
	SocketServerTestAutowiredConstructorTests(SocketServers servers, @LocalSocketServerPort("echo") int port,
			@LocalSocketServerPath("unix-echo") Path path) {
		this.servers = servers;
		this.port = port;
		this.path = path;
	}

	@Test
	void getsTheBeansAndTheAddresses(@LocalSocketServerPort("echo") String methodPort) throws IOException {
		assertThat(this.servers.all()).hasSize(2);
		assertThat(this.port).isPositive().isNotEqualTo(9000).hasToString(methodPort);
		try (SocketTestClient client = SocketTestClient.tcp(this.port)) {
			client.sendLine("autowired");
			assertThat(client.readLine()).isEqualTo("autowired");
		}
		try (SocketTestClient client = SocketTestClient.unix(this.path)) {
			client.sendLine("autowired path");
			assertThat(client.readLine()).isEqualTo("autowired path");
		}
	}

}
