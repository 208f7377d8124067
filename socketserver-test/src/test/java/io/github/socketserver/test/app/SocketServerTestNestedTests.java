package io.github.socketserver.test.app;

import java.io.IOException;

import io.github.socketserver.test.LocalSocketServerPort;
import io.github.socketserver.test.SocketServerTest;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketServerTest} on a server whose handler needs a service the test
 * imports, from a nested test class.
 */
@SocketServerTest(servers = "greeter")
@Import(Greeter.class)
class SocketServerTestNestedTests {

	@Nested
	class Greeting {

		@Test
		void greetsWithTheImportedService(@LocalSocketServerPort("greeter") int port) throws IOException {
			try (SocketTestClient client = SocketTestClient.tcp(port)) {
				client.sendLine("nested");
				assertThat(client.readLine()).isEqualTo("hello, nested");
			}
		}

	}

}
