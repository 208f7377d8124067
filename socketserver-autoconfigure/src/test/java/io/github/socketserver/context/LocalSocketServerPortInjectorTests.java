package io.github.socketserver.context;

import java.net.InetSocketAddress;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.handler.StreamRequestHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalSocketServerPortInjector} on beans of the context.
 */
@SuppressWarnings("deprecation")
class LocalSocketServerPortInjectorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class)
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0");

	@Test
	void injectsThePortIntoABeanCreatedAfterTheServersStarted() {
		this.runner.withBean(PortHolder.class, PortHolder::new, (definition) -> definition.setLazyInit(true))
			.run((context) -> {
				int port = ((InetSocketAddress) context.getBean(SocketServers.class)
					.get("echo")
					.server()
					.serverAddress()).getPort();
				PortHolder holder = context.getBean(PortHolder.class);
				assertThat(holder.port).isPositive().isEqualTo(port);
				assertThat(holder.boxedPort).isEqualTo(port);
				assertThat(holder.portText).isEqualTo(Integer.toString(port));
			});
	}

	@Test
	void refusesToInjectThePortOfAServerThatIsNotRunning() {
		this.runner.withBean(PortHolder.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("@LocalSocketServerPort(\"echo\")")
				.hasMessageContaining("local.socketserver.echo.port is not set");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler echoHandler() {
			return (request) -> request.wfile().write("hello\n");
		}

	}

	static class PortHolder {

		@LocalSocketServerPort("echo")
		int port;

		@LocalSocketServerPort("echo")
		Integer boxedPort;

		@LocalSocketServerPort("echo")
		String portText;

	}

}
