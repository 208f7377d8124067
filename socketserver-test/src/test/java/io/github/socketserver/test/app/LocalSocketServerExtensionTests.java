package io.github.socketserver.test.app;

import java.io.IOException;
import java.nio.file.Path;

import io.github.socketserver.test.LocalSocketServerExtension;
import io.github.socketserver.test.LocalSocketServerPath;
import io.github.socketserver.test.LocalSocketServerPort;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Lazy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalSocketServerExtension} in a whole application's test, and for the
 * annotations on fields of test classes and of beans made after the servers started.
 */
@SpringBootTest(properties = { "socketserver.servers.echo.port=0", "socketserver.servers.udp-echo.port=0",
		"socketserver.servers.greeter.port=0" })
@ExtendWith(LocalSocketServerExtension.class)
class LocalSocketServerExtensionTests {

	@TempDir
	static Path sockets;

	@LocalSocketServerPort("echo")
	Integer echoPort;

	@LocalSocketServerPath("unix-echo")
	String echoPath;

	@Autowired
	ApplicationContext context;

	@DynamicPropertySource
	static void socketFile(DynamicPropertyRegistry registry) {
		registry.add("socketserver.servers.unix-echo.path", () -> sockets.resolve("echo.sock").toString());
	}

	@Test
	void resolvesMethodParameters(@LocalSocketServerPort("echo") int port,
			@LocalSocketServerPath("unix-echo") Path path) throws IOException {
		assertThat(port).isEqualTo(this.echoPort);
		assertThat(path).isEqualTo(sockets.resolve("echo.sock")).hasToString(this.echoPath);
		try (SocketTestClient client = SocketTestClient.tcp(port)) {
			client.sendLine("whole application");
			assertThat(client.readLine()).isEqualTo("whole application");
		}
	}

	@Test
	void fillsTheFieldsOfABeanMadeAfterTheServersStarted() {
		AddressHolder holder = this.context.getBean(AddressHolder.class);
		assertThat(holder.port).isEqualTo(this.echoPort);
		assertThat(holder.path).isEqualTo(sockets.resolve("echo.sock"));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class LazyBeanConfiguration {

		@Bean
		@Lazy
		AddressHolder addressHolder() {
			return new AddressHolder();
		}

	}

	static class AddressHolder {

		@LocalSocketServerPort("echo")
		int port;

		@LocalSocketServerPath("unix-echo")
		Path path;

	}

}
