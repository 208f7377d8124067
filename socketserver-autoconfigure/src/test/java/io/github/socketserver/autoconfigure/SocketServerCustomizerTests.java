package io.github.socketserver.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketServerCustomizer} beans.
 */
class SocketServerCustomizerTests {

	private static final String LONG_LINE = "longer than four bytes";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(TwoServersConfiguration.class)
		.withPropertyValues("socketserver.servers.a.host=127.0.0.1", "socketserver.servers.a.port=0",
				"socketserver.servers.b.host=127.0.0.1", "socketserver.servers.b.port=0");

	@Test
	void callsEveryCustomizerForEveryServerWithOptionsThatNameIt() {
		List<String> names = new CopyOnWriteArrayList<>();
		this.runner.withBean(SocketServerCustomizer.class, () -> (options) -> {
			names.add(options.name());
			options.maxLineLength(4);
		}).run((context) -> {
			assertThat(names).containsExactly("a", "b");
			assertThat(TestServers.exchangeLine(TestServers.address(context, "a"), "four")).isEqualTo("four");
			assertThat(TestServers.exchangeLine(TestServers.address(context, "a"), LONG_LINE)).isNull();
			assertThat(TestServers.exchangeLine(TestServers.address(context, "b"), LONG_LINE)).isNull();
		});
	}

	@Test
	void customizesOnlyTheNamedServerWithForServer() {
		this.runner
			.withBean(SocketServerCustomizer.class,
					() -> SocketServerCustomizer.forServer("a", (options) -> options.maxLineLength(4)))
			.run((context) -> {
				assertThat(TestServers.exchangeLine(TestServers.address(context, "a"), LONG_LINE)).isNull();
				assertThat(TestServers.exchangeLine(TestServers.address(context, "b"), LONG_LINE)).isEqualTo(LONG_LINE);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoServersConfiguration {

		@Bean
		@SocketHandler({ "a", "b" })
		StreamRequestHandler echoHandler() {
			return TestServers.lineEcho();
		}

	}

}
