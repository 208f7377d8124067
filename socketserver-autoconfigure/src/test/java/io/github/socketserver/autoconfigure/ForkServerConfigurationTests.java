package io.github.socketserver.autoconfigure;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fork servers from properties: a real command serves the socket with no handler bean,
 * and every mistake in the fork keys stops start-up with a report that names the key.
 */
class ForkServerConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class));

	@TempDir
	Path temp;

	@Test
	void servesATcpConnectionThroughCatWithNoHandlerBean() {
		this.runner
			.withPropertyValues("socketserver.servers.cat.host=127.0.0.1", "socketserver.servers.cat.port=0",
					"socketserver.servers.cat.threading=fork", "socketserver.servers.cat.command=cat",
					"socketserver.servers.cat.fork.max-children=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(TestServers.exchangeLine(TestServers.address(context, "cat"), "round trip"))
					.isEqualTo("round trip");
				assertThat(context.getBean(SocketServers.class).get("cat").server().threading()).hasToString("fork(3)");
			});
	}

	@Test
	void servesAUnixConnectionWithTheConfiguredEnvironmentAndWorkingDirectory() throws Exception {
		Path socket = this.temp.resolve("env.sock");
		this.runner
			.withPropertyValues("socketserver.servers.env.family=unix", "socketserver.servers.env.path=" + socket,
					"socketserver.servers.env.threading=fork", "socketserver.servers.env.command[0]=sh",
					"socketserver.servers.env.command[1]=-c",
					"socketserver.servers.env.command[2]=read line; echo \"$line $GREETING $(pwd -P)\"",
					"socketserver.servers.env.fork.environment.GREETING=hello",
					"socketserver.servers.env.fork.working-directory=" + this.temp)
			.run((context) -> assertThat(TestServers.exchangeLine(UnixDomainSocketAddress.of(socket), "from"))
				.isEqualTo("from hello " + this.temp.toRealPath()));
	}

	/**
	 * A variable of the application's environment outside the few a child gets reaches
	 * the child only with 'fork.inherit-environment'.
	 */
	@Test
	void passesTheApplicationEnvironmentOnOnlyWhenAsked() {
		String name = System.getenv()
			.keySet()
			.stream()
			.filter((key) -> key.matches("[A-Za-z_][A-Za-z0-9_]*"))
			.filter((
					key) -> !List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR").contains(key))
			.filter((key) -> !key.startsWith("TCPREMOTE") && !key.startsWith("REMOTE_"))
			.filter((key) -> !System.getenv(key).isEmpty() && !System.getenv(key).contains("\n"))
			.findFirst()
			.orElse(null);
		assumeTrue(name != null, "the environment holds no variable a child would not get anyway");
		for (boolean inherit : List.of(false, true)) {
			this.runner
				.withPropertyValues("socketserver.servers.env.host=127.0.0.1", "socketserver.servers.env.port=0",
						"socketserver.servers.env.threading=fork", "socketserver.servers.env.command[0]=sh",
						"socketserver.servers.env.command[1]=-c",
						"socketserver.servers.env.command[2]=read line; echo \"[${" + name + "-unset}]\"",
						"socketserver.servers.env.fork.inherit-environment=" + inherit)
				.run((context) -> assertThat(TestServers.exchangeLine(TestServers.address(context, "env"), "x"))
					.isEqualTo("[" + (inherit ? System.getenv(name) : "unset") + "]"));
		}
	}

	@Test
	void answersADatagramThroughTr() {
		this.runner
			.withPropertyValues("socketserver.servers.upper.type=datagram", "socketserver.servers.upper.host=127.0.0.1",
					"socketserver.servers.upper.port=0", "socketserver.servers.upper.threading=fork",
					"socketserver.servers.upper.command=tr,a-z,A-Z")
			.run((context) -> {
				try (SocketTestClient client = SocketTestClient.datagram(TestServers.address(context, "upper"))) {
					client.send("shout");
					assertThat(client.receiveAsString()).isEqualTo("SHOUT");
				}
			});
	}

	@Test
	void refusesAForkServerWithoutACommand() {
		this.runner.withPropertyValues("socketserver.servers.upper.port=0", "socketserver.servers.upper.threading=fork")
			.run((context) -> {
				FailureAnalysis analysis = assertRefused(context, "socketserver.servers.upper.command");
				assertThat(analysis.getDescription()).contains("'socketserver.servers.upper.command'")
					.contains("A fork server runs a command per request: set 'command'");
				assertThat(analysis.getAction()).isNotBlank();
			});
	}

	@Test
	void refusesASocketHandlerBoundToAForkServer() {
		this.runner.withUserConfiguration(UpperHandlerConfiguration.class)
			.withPropertyValues("socketserver.servers.upper.port=0", "socketserver.servers.upper.threading=fork",
					"socketserver.servers.upper.command=cat")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Socket server 'upper' runs its command per request "
						+ "(threading: fork) but bean 'upperHandler' is annotated @SocketHandler(\"upper\").");
				assertThat(analysis.getAction()).isEqualTo("Remove \"upper\" from the @SocketHandler of bean "
						+ "'upperHandler', or give the server another threading mode.");
			});
	}

	@Test
	void refusesACommandOnAServerThatDoesNotFork() {
		// No handler bean either: the misplaced key is the mistake to report.
		this.runner.withPropertyValues("socketserver.servers.upper.port=0", "socketserver.servers.upper.command=cat")
			.run((context) -> assertThat(assertRefused(context, "socketserver.servers.upper.command").getDescription())
				.contains("applies to the fork threading mode only"));
	}

	@Test
	void refusesForkKeysOnAServerThatDoesNotFork() {
		for (String key : List.of("fork.max-children=2", "fork.max-children-wait=1s", "fork.time-limit=1s",
				"fork.working-directory=" + this.temp, "fork.environment.A=b", "fork.inherit-environment=true")) {
			this.runner.withUserConfiguration(UpperHandlerConfiguration.class)
				.withPropertyValues("socketserver.servers.upper.port=0", "socketserver.servers.upper.threading=thread",
						"socketserver.servers.upper." + key)
				.run((context) -> assertRefused(context,
						"socketserver.servers.upper." + key.substring(0, key.indexOf('=')).replace(".A", "")));
		}
	}

	@Test
	void refusesReadBoundsAForkServerWouldNotApply() {
		for (String key : List.of("stream.read-timeout=5s", "stream.idle-timeout=5s", "stream.max-line-length=100")) {
			this.runner
				.withPropertyValues("socketserver.servers.upper.port=0", "socketserver.servers.upper.threading=fork",
						"socketserver.servers.upper.command=cat", "socketserver.servers.upper." + key)
				.run((context) -> assertThat(
						assertRefused(context, "socketserver.servers.upper." + key.substring(0, key.indexOf('=')))
							.getDescription())
					.contains("is not used by a fork server"));
		}
	}

	@Test
	void refusesOutOfRangeForkSettings() {
		for (String key : List.of("fork.max-children=0", "fork.time-limit=0s", "fork.max-children-wait=-1s")) {
			this.runner
				.withPropertyValues("socketserver.servers.upper.port=0", "socketserver.servers.upper.threading=fork",
						"socketserver.servers.upper.command=cat", "socketserver.servers.upper." + key)
				.run((context) -> assertRefused(context,
						"socketserver.servers.upper." + key.substring(0, key.indexOf('='))));
		}
	}

	/**
	 * Start-up failed on the given key, and Spring Boot's failure analyzers report it.
	 */
	private static FailureAnalysis assertRefused(AssertableApplicationContext context, String key) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).rootCause()
			.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
					(ex) -> assertThat(ex.getName()).isEqualTo(key));
		return analyze(context.getStartupFailure());
	}

	/**
	 * Analyzes a start-up failure as Spring Boot does: the first analyzer registered in
	 * {@code spring.factories} that knows it.
	 */
	private static FailureAnalysis analyze(Throwable failure) {
		ArgumentResolver arguments = ArgumentResolver.of(Environment.class, new StandardEnvironment());
		SpringFactoriesLoader.FailureHandler skip = SpringFactoriesLoader.FailureHandler
			.handleMessage((message, ex) -> {
			});
		for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, arguments, skip)) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		throw new AssertionError("No failure analyzer reports " + failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class UpperHandlerConfiguration {

		@Bean
		@SocketHandler("upper")
		StreamRequestHandler upperHandler() {
			return TestServers.lineEcho();
		}

	}

}
