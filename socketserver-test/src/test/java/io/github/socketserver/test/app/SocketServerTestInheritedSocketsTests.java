package io.github.socketserver.test.app;

import java.io.IOException;
import java.nio.file.Path;

import io.github.socketserver.test.LocalSocketServerPath;
import io.github.socketserver.test.LocalSocketServerPort;
import io.github.socketserver.test.SocketServerTest;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketServerTest} on servers configured to take their sockets from
 * systemd: in the test, which systemd did not start, they open their own on free
 * addresses.
 */
@SocketServerTest(servers = { "echo", "unix-echo" }, properties = { "socketserver.servers.echo.inherit=systemd",
		"socketserver.servers.echo.inherit-name=echo", "socketserver.servers.unix-echo.inherit=systemd" })
class SocketServerTestInheritedSocketsTests {

	@Test
	void opensItsOwnSocketsOnFreeAddresses(@LocalSocketServerPort("echo") int port,
			@LocalSocketServerPath("unix-echo") Path path) throws IOException {
		assertThat(port).isNotEqualTo(9000);
		try (SocketTestClient client = SocketTestClient.tcp(port)) {
			client.sendLine("not from systemd");
			assertThat(client.readLine()).isEqualTo("not from systemd");
		}
		try (SocketTestClient client = SocketTestClient.unix(path)) {
			client.sendLine("nor this one");
			assertThat(client.readLine()).isEqualTo("nor this one");
		}
	}

}
