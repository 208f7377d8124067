package io.github.socketserver.test.app;

import java.io.IOException;
import java.nio.file.Path;

import io.github.socketserver.test.LocalSocketServerPath;
import io.github.socketserver.test.LocalSocketServerPort;
import io.github.socketserver.test.SocketServerTest;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketServerTest} with every server: the handlers and what the test
 * imports, on free addresses injected into the constructor, a field and a method.
 */
@SocketServerTest
@Import(Greeter.class)
class SocketServerTestSliceTests {

	private final int echoPort;

	private final Path echoPath;

	@LocalSocketServerPort("udp-echo")
	int udpPort;

	@Autowired
	ApplicationContext context;

	SocketServerTestSliceTests(@LocalSocketServerPort("echo") int echoPort,
			@LocalSocketServerPath("unix-echo") Path echoPath) {
		this.echoPort = echoPort;
		this.echoPath = echoPath;
	}

	@Test
	void servesOnAFreePortInjectedIntoTheConstructor() throws IOException {
		assertThat(this.echoPort).isPositive().isNotEqualTo(9000);
		assertThat(this.context.getEnvironment().getProperty("socketserver.servers.echo.port")).isEqualTo("0");
		try (SocketTestClient client = SocketTestClient.tcp(this.echoPort)) {
			client.sendLine("over tcp");
			assertThat(client.readLine()).isEqualTo("over tcp");
		}
	}

	@Test
	void servesOnASocketFileOfATemporaryDirectory() throws IOException {
		assertThat(this.echoPath).isNotEqualTo(Path.of("/nonexistent-socketserver-test/echo.sock"))
			.hasFileName("unix-echo.sock")
			.startsWith(Path.of(System.getProperty("java.io.tmpdir")));
		try (SocketTestClient client = SocketTestClient.unix(this.echoPath)) {
			client.sendLine("over unix");
			assertThat(client.readLine()).isEqualTo("over unix");
		}
	}

	@Test
	void servesADatagramServerWhosePortIsInjectedIntoAField() throws IOException {
		try (SocketTestClient client = SocketTestClient.udp(this.udpPort)) {
			client.send("a datagram");
			assertThat(client.receiveAsString()).isEqualTo("a datagram");
		}
	}

	@Test
	void injectsAPortIntoAMethodParameterAsText(@LocalSocketServerPort("greeter") String greeterPort)
			throws IOException {
		try (SocketTestClient client = SocketTestClient.tcp(Integer.parseInt(greeterPort))) {
			client.sendLine("slice");
			assertThat(client.readLine()).isEqualTo("hello, slice");
		}
	}

	@Test
	void leavesOutTheComponentsThatAreNoPartOfTheSocketServers() {
		assertThat(this.context.getBeanNamesForType(UnrelatedComponent.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(EchoHandler.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(Greeter.class)).hasSize(1);
	}

}
