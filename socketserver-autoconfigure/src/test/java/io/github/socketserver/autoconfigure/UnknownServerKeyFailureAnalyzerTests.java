package io.github.socketserver.autoconfigure;

import java.util.List;
import java.util.Map;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.testsupport.TestServers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnknownServerKeyFailureAnalyzer}: a mistyped key stops start-up with a
 * report that names it and the closest known key, while every form relaxed binding
 * accepts still binds and a free-form map keeps any key.
 */
class UnknownServerKeyFailureAnalyzerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class)
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0");

	@Test
	void namesAMistypedKeyAndTheClosestKnownOne() {
		this.runner.withPropertyValues("socketserver.servers.echo.max-conections=1").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("socketserver.servers.echo.max-conections");
			assertThat(analysis.getAction()).contains(
					"Replace 'socketserver.servers.echo.max-conections' with 'socketserver.servers.echo.limits.max-connections'");
		});
	}

	@Test
	void findsAKeyPutOutsideItsGroupAndTyposInAGroup() {
		assertThat(UnknownServerKeyFailureAnalyzer.closestKnownKey("socketserver.servers.echo.max-line-length"))
			.isEqualTo("socketserver.servers.echo.stream.max-line-length");
		assertThat(UnknownServerKeyFailureAnalyzer.closestKnownKey("socketserver.servers.echo.stream.read-timout"))
			.isEqualTo("socketserver.servers.echo.stream.read-timeout");
		assertThat(UnknownServerKeyFailureAnalyzer.closestKnownKey("socketserver.servers.echo.threding"))
			.isEqualTo("socketserver.servers.echo.threading");
		assertThat(UnknownServerKeyFailureAnalyzer.closestKnownKey("socketserver.conection-events"))
			.isEqualTo("socketserver.connection-events");
		assertThat(UnknownServerKeyFailureAnalyzer.closestKnownKey("socketserver.servers.echo.colour")).isNull();
	}

	@Test
	void reportsEveryUnknownKeyBeforeSpringBootsOwnReport() {
		this.runner
			.withPropertyValues("socketserver.servers.echo.limits.max-conections=1",
					"socketserver.servers.echo.stream.read-timout=1s")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("socketserver.servers.echo.limits.max-conections")
					.contains("socketserver.servers.echo.stream.read-timout");
				assertThat(analysis.getAction()).contains("with 'socketserver.servers.echo.limits.max-connections'")
					.contains("with 'socketserver.servers.echo.stream.read-timeout'");
			});
	}

	@Test
	void bindsEveryRelaxedFormOfAKey() {
		for (String key : List.of("limits.maxConnections", "limits.max_connections", "limits.max-connections",
				"LIMITS.MAX-CONNECTIONS")) {
			this.runner.withPropertyValues("socketserver.servers.echo." + key + "=7")
				.run((context) -> assertThat(maxConnections(context)).as(key).isEqualTo(7));
		}
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						"test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of("SOCKETSERVER_SERVERS_ECHO_LIMITS_MAXCONNECTIONS", "9"))))
			.run((context) -> assertThat(maxConnections(context)).isEqualTo(9));
	}

	@Test
	void keepsAnyKeyOfAForkServersEnvironment() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
			.withPropertyValues("socketserver.servers.upper.host=127.0.0.1", "socketserver.servers.upper.port=0",
					"socketserver.servers.upper.threading=fork", "socketserver.servers.upper.command=cat",
					"socketserver.servers.upper.fork.environment.ANY_Name-at.all=1",
					"socketserver.servers.upper.fork.environment.LANG=C")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SocketServerProperties.class)
					.getServers()
					.get("upper")
					.getFork()
					.getEnvironment()).containsEntry("LANG", "C").hasSize(2);
			});
	}

	@Test
	void leavesUnknownKeysOutsideTheSocketServersToSpringBoot() {
		assertThat(new UnknownServerKeyFailureAnalyzer().analyze(new IllegalStateException("not a binding failure")))
			.isNull();
	}

	private static int maxConnections(ApplicationContext context) {
		return context.getBean(SocketServers.class).get("echo").server().options().limits().maxRequests();
	}

	/**
	 * Analyzes a failure as Spring Boot does: the first of the registered analyzers, in
	 * their order, that has an analysis.
	 */
	private static FailureAnalysis analyze(@Nullable Throwable failure) {
		assertThat(failure).isNotNull();
		FailureHandler skip = (factoryType, factoryImplementationName, ex) -> {
		};
		for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, skip)) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		throw new AssertionError("No analysis of " + failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler echoHandler() {
			return TestServers.lineEcho();
		}

	}

}
