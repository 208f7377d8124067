package io.github.socketserver.test.app;

import java.io.IOException;
import java.nio.file.Path;

import io.github.socketserver.test.LocalSocketServerPath;
import io.github.socketserver.test.SocketServerTest;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketServerTest#freeAddresses()} turned off: the server listens where
 * it is configured.
 */
@SocketServerTest(servers = "unix-echo", freeAddresses = false)
class SocketServerTestConfiguredAddressesTests {

	@TempDir
	static Path sockets;

	@DynamicPropertySource
	static void socketFile(DynamicPropertyRegistry registry) {
		registry.add("socketserver.servers.unix-echo.path", () -> sockets.resolve("configured.sock").toString());
	}

	@Test
	void listensOnTheConfiguredSocketFile(@LocalSocketServerPath("unix-echo") Path path) throws IOException {
		assertThat(path).isEqualTo(sockets.resolve("configured.sock"));
		try (SocketTestClient client = SocketTestClient.unix(path)) {
			client.sendLine("as configured");
			assertThat(client.readLine()).isEqualTo("as configured");
		}
	}

}
