package io.github.socketserver.autoconfigure;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.socketserver.SocketFileException;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.SocketServerStartException;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketServerStartFailureAnalyzer}, on real bind failures.
 */
class SocketServerStartFailureAnalyzerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class);

	@TempDir
	Path temp;

	@Test
	void namesThePortPropertyWhenThePortIsInUse() throws Exception {
		try (ServerSocket blocker = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			String address = "127.0.0.1:" + blocker.getLocalPort();
			this.runner
				.withPropertyValues("socketserver.servers.a.host=127.0.0.1",
						"socketserver.servers.a.port=" + blocker.getLocalPort())
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(BindException.class);
					FailureAnalysis analysis = new SocketServerStartFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis).isNotNull();
					assertThat(analysis.getDescription())
						.startsWith("Socket server 'a' could not start on " + address + ": ");
					assertThat(analysis.getAction()).isEqualTo("Identify and stop the process that is listening on "
							+ address + ", or set 'socketserver.servers.a.port' to another port (0 picks a free one).");
					assertThat(analysis.getCause()).isInstanceOf(SocketServerStartException.class);
				});
		}
	}

	@Test
	void namesThePathPropertyAndLeavesTheFileWhenThePathIsARegularFile() throws Exception {
		Path file = Files.writeString(this.temp.resolve("a.sock"), "precious data");
		this.runner.withPropertyValues("socketserver.servers.a.family=unix", "socketserver.servers.a.path=" + file)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(SocketFileException.class);
				FailureAnalysis analysis = new SocketServerStartFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).startsWith("Socket server 'a' could not start on " + file + ": ")
					.contains("is not a socket");
				assertThat(analysis.getAction()).isEqualTo("Remove the file " + file
						+ " if it is not needed, or set 'socketserver.servers.a.path' to another path.");
			});
		assertThat(file).isRegularFile().hasContent("precious data");
	}

	@Test
	void namesThePathPropertyWhenAnotherServerHoldsTheSocketFile() {
		Path socket = this.temp.resolve("shared.sock");
		this.runner.withUserConfiguration(SecondServerConfiguration.class)
			.withPropertyValues("socketserver.servers.a.family=unix", "socketserver.servers.a.path=" + socket,
					"socketserver.servers.b.family=unix", "socketserver.servers.b.path=" + socket)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new SocketServerStartFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).startsWith("Socket server 'b' could not start on " + socket);
				assertThat(analysis.getAction()).isEqualTo("Stop the process that serves on " + socket
						+ ", or set 'socketserver.servers.b.path' to another path.");
			});
		// Server 'a' was closed when start-up failed, and took its socket file along.
		assertThat(socket).doesNotExist();
	}

	@Test
	void isRegisteredWithTheBindingAnalyzerAsFailureAnalyzers() {
		// Other analyzers on the class path need arguments: skip those.
		FailureHandler skip = FailureHandler.handleMessage((message, failure) -> {
		});
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, null, skip))
			.hasAtLeastOneElementOfType(SocketServerStartFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(SocketHandlerBindingFailureAnalyzer.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		@SocketHandler("a")
		StreamRequestHandler echoHandler() {
			return TestServers.lineEcho();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondServerConfiguration {

		@Bean
		@SocketHandler("b")
		StreamRequestHandler secondEchoHandler() {
			return TestServers.lineEcho();
		}

	}

}
