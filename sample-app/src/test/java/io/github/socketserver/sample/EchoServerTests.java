package io.github.socketserver.sample;

import java.io.IOException;
import java.nio.file.Path;

import io.github.socketserver.test.LocalSocketServerPath;
import io.github.socketserver.test.LocalSocketServerPort;
import io.github.socketserver.test.SocketServerTest;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The echo servers alone, over real sockets: a socket server test starts the two servers
 * named, on a free port and a socket file of its own, with their handler and nothing else
 * of the application (no web server, no actuator, no other handler).
 */
@SocketServerTest(servers = { "echo", "unix-echo" })
class EchoServerTests {

	private final int port;

	EchoServerTests(@LocalSocketServerPort("echo") int port) {
		this.port = port;
	}

	@Test
	void echoesLinesOverTcp() throws IOException {
		try (SocketTestClient client = SocketTestClient.tcp(this.port)) {
			client.sendLine("hello");
			client.sendLine("world");
			assertThat(client.readLine()).isEqualTo("hello");
			assertThat(client.readLine()).isEqualTo("world");
			client.shutdownOutput();
			assertThat(client.readLine()).isNull();
		}
	}

	@Test
	void echoesLinesOverAUnixSocket(@LocalSocketServerPath("unix-echo") Path socket) throws IOException {
		try (SocketTestClient client = SocketTestClient.unix(socket)) {
			client.sendLine("over unix");
			assertThat(client.readLine()).isEqualTo("over unix");
		}
	}

}
