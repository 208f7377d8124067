package io.github.socketserver.test.app;

import java.io.IOException;

import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.test.LocalSocketServerPort;
import io.github.socketserver.test.SocketServerTest;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketServerTest#servers()}: only the servers named are created, and
 * the handler of another one, which needs a service the slice leaves out, is not even
 * made.
 */
@SocketServerTest(servers = "echo")
class SocketServerTestServersTests {

	@Autowired
	SocketServers servers;

	@Autowired
	ApplicationContext context;

	@Test
	void createsOnlyTheServersNamed(@LocalSocketServerPort("echo") int port) throws IOException {
		assertThat(this.servers.all()).extracting(ManagedSocketServer::name).containsExactly("echo");
		try (SocketTestClient client = SocketTestClient.tcp(port)) {
			client.sendLine("only echo");
			assertThat(client.readLine()).isEqualTo("only echo");
		}
	}

	@Test
	void leavesOutTheHandlersOfTheOtherServers() {
		assertThat(this.context.getBeanNamesForType(GreeterHandler.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(DatagramEchoHandler.class)).isEmpty();
		assertThat(this.context.getEnvironment().getProperty("socketserver.servers.greeter.enabled"))
			.isEqualTo("false");
	}

}
