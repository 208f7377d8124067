package io.github.socketserver.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.testsupport.TestServers;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code socketserver.servers.<name>.stream.idle-timeout} reaches the server: a client
 * that sends half a line and then nothing is cut, counted as an error, and logged with
 * its address.
 */
@ExtendWith(OutputCaptureExtension.class)
class IdleTimeoutPropertyTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class)
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
				"socketserver.servers.echo.threading=" + perRequest(),
				"socketserver.servers.echo.stream.read-timeout=10s",
				"socketserver.servers.echo.stream.idle-timeout=300ms");

	@Test
	void cutsAClientThatStopsHalfWayThroughALine(CapturedOutput output) {
		this.runner.run((context) -> {
			ManagedSocketServer server = context.getBean(SocketServers.class).get("echo");
			InetSocketAddress address = TestServers.address(context, "echo");
			assertThat(TestServers.exchangeLine(address, "whole")).isEqualTo("whole");
			try (SocketTestClient client = SocketTestClient.connect(address)) {
				client.send("half a li");
				assertThat(client.readToEnd()).as("no answer, then the end of the stream").isEmpty();
				await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().errors() == 1);
				assertThat(output).contains("request from " + client.localAddress()).contains("idle timeout of 300 ms");
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler echoHandler() {
			return TestServers.lineEcho();
		}

	}

	/**
	 * A thread per request: virtual where the JVM has them, platform threads on Java 17.
	 */
	private static String perRequest() {
		return Threading.isVirtualAvailable() ? "virtual" : "thread";
	}

}
