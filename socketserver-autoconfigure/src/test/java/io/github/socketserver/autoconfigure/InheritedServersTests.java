package io.github.socketserver.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import io.github.socketserver.SocketType;
import io.github.socketserver.test.SocketLauncher;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link InheritedServers}: 'inherit' in the properties, the report when
 * systemd passed nothing, and a Spring application in a child JVM on a socket passed as
 * systemd does.
 */
class InheritedServersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(InheritingApplication.class);

	@TempDir
	Path temp;

	@Test
	void refusesAnInheritNameWithoutSystemd() {
		this.runner
			.withPropertyValues("socketserver.servers.echo.port=0", "socketserver.servers.echo.inherit-name=other")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("socketserver.servers.echo.inherit-name")));
	}

	@Test
	void reportsWhatSystemdPassedInsteadOfAskingForAPort() {
		assumeTrue(System.getenv("LISTEN_FDS") == null, "this JVM was itself given sockets by systemd");
		this.runner.withPropertyValues("socketserver.servers.echo.inherit=systemd")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Socket server 'echo' is to inherit its socket from systemd, but systemd passed "
						+ "none (LISTEN_PID=null LISTEN_FDS=null LISTEN_FDNAMES=null)"));
	}

	@Test
	void reportsWhatSystemdPassedInsteadOfAskingForAPath() {
		assumeTrue(System.getenv("LISTEN_FDS") == null, "this JVM was itself given sockets by systemd");
		this.runner
			.withPropertyValues("socketserver.servers.echo.inherit=systemd", "socketserver.servers.echo.family=unix")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("systemd passed none"));
	}

	@Test
	void reportsTheReceiversOfADatagramServerAsIgnored() {
		SocketServerProperties.Server properties = new SocketServerProperties.Server();
		properties.setType(SocketType.DATAGRAM);
		properties.getDatagram().setReceivers(4);
		assertThat(new InheritedServers("echo", properties).ignoredKeys())
			.containsExactly("'socketserver.servers.echo.datagram.receivers'");
		properties.getDatagram().setReceivers(0);
		assertThat(new InheritedServers("echo", properties).ignoredKeys()).isEmpty();
	}

	@Test
	void servesOnTheSocketSystemdPassedIgnoringPortAndHostWithOneLine() throws Exception {
		assumeTrue(SocketLauncher.isAvailable(), "python3 is needed to pass descriptors to a child JVM");
		try (SocketLauncher launcher = SocketLauncher.systemd("inet", "stream", null, "lines", "child", this.temp,
				SocketLauncher.javaCommand(InheritingApplication.class, "--socketserver.servers.echo.inherit=systemd",
						"--socketserver.servers.echo.inherit-name=lines", "--socketserver.servers.echo.host=0.0.0.0",
						"--socketserver.servers.echo.port=9", "--socketserver.servers.echo.socket.queue-size=16",
						"--socketserver.servers.echo.socket.reuse-port=true",
						"--socketserver.servers.echo.socket.receive-buffer-size=64KB",
						"--spring.main.banner-mode=off"))) {
			int run = launcher.start();
			await().atMost(Duration.ofSeconds(90))
				.untilAsserted(() -> assertThat(launcher.log(run)).contains("listening on"));
			assertThat(launcher.log(run))
				.contains("Socket server 'echo' inherits its socket (descriptor 3 named " + "'lines' (LISTEN_PID=")
				.contains("bound to " + launcher.address() + ": 'socketserver.servers.echo.host', "
						+ "'socketserver.servers.echo.port', 'socketserver.servers.echo.socket.reuse-port', "
						+ "'socketserver.servers.echo.socket.queue-size', "
						+ "'socketserver.servers.echo.socket.receive-buffer-size' ignored");
			try (SocketTestClient client = SocketTestClient.connect(launcher.address())) {
				client.sendLine("hello");
				assertThat(client.readLine()).isEqualTo("hello");
			}
			assertThat(launcher.stop()).isEqualTo(143);
		}
	}

	@Test
	void runsTheMessageEngineOfAMessageHandlerOnAnInheritedSocket() throws Exception {
		assumeTrue(SocketLauncher.isAvailable(), "python3 is needed to pass descriptors to a child JVM");
		try (SocketLauncher launcher = SocketLauncher.systemd("inet", "stream", null, "echo", "child", this.temp,
				SocketLauncher.javaCommand(InheritingMessageApplication.class,
						"--socketserver.servers.echo.inherit=systemd", "--spring.main.banner-mode=off"))) {
			int run = launcher.start();
			await().atMost(Duration.ofSeconds(90))
				.untilAsserted(() -> assertThat(launcher.log(run)).contains("listening on"));
			assertThat(launcher.log(run)).contains("MESSAGE ENGINE true");
			try (SocketTestClient client = SocketTestClient.connect(launcher.address())) {
				client.sendLine("hello");
				assertThat(client.readLine()).isEqualTo("hello");
			}
			assertThat(launcher.stop()).isEqualTo(143);
		}
	}

}
