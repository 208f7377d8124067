package io.github.socketserver.autoconfigure;

import java.time.Duration;

import io.github.socketserver.UdpServer;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.testsupport.TestServers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketServerFactory}: grouped properties reach the server they
 * configure, as a client sees it.
 */
class SocketServerFactoryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class)
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0");

	@Test
	void boundsLinesByTheConfiguredMaxLineLengthInBytes() {
		this.runner.withPropertyValues("socketserver.servers.echo.stream.max-line-length=16B").run((context) -> {
			assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "short")).isEqualTo("short");
			assertThat(
					TestServers.exchangeLine(TestServers.address(context, "echo"), "a line longer than sixteen bytes"))
				.isNull();
		});
	}

	@Test
	void servesOnlyTheClientsOfTheAllowList() {
		this.runner.withPropertyValues("socketserver.servers.echo.access.allow=10.0.0.0/8")
			.run((context) -> assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "hello"))
				.isNull());
		this.runner.withPropertyValues("socketserver.servers.echo.access.allow=127.0.0.1")
			.run((context) -> assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "hello"))
				.isEqualTo("hello"));
	}

	@Test
	void boundsWritesByTheConfiguredWriteTimeoutAndThirtySecondsByDefault() {
		this.runner.run((context) -> assertThat(writeTimeout(context)).isEqualTo(Duration.ofSeconds(30)));
		this.runner.withPropertyValues("socketserver.servers.echo.stream.write-timeout=2s")
			.run((context) -> assertThat(writeTimeout(context)).isEqualTo(Duration.ofSeconds(2)));
		this.runner.withPropertyValues("socketserver.servers.echo.stream.write-timeout=0")
			.run((context) -> assertThat(writeTimeout(context)).isNull());
	}

	private static @Nullable Duration writeTimeout(ApplicationContext context) {
		return context.getBean(SocketServers.class).get("echo").server().options().stream().writeTimeout();
	}

	@Test
	void countsIpv6ClientsByTheConfiguredPrefix() {
		this.runner.run((context) -> assertThat(ipv6ClientPrefix(context)).isEqualTo(64));
		this.runner.withPropertyValues("socketserver.servers.echo.limits.ipv6-client-prefix=56")
			.run((context) -> assertThat(ipv6ClientPrefix(context)).isEqualTo(56));
	}

	private static int ipv6ClientPrefix(ApplicationContext context) {
		return context.getBean(SocketServers.class).get("echo").server().options().limits().ipv6ClientPrefix();
	}

	@Test
	@EnabledOnOs(value = OS.LINUX, disabledReason = "one receiver per processor where SO_REUSEPORT spreads datagrams")
	void receivesDatagramsOnOneSocketPerProcessorByDefaultOrOnAsManyAsConfigured() {
		ApplicationContextRunner datagrams = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
			.withUserConfiguration(DatagramEchoConfiguration.class)
			.withPropertyValues("socketserver.servers.udp.type=datagram", "socketserver.servers.udp.host=127.0.0.1",
					"socketserver.servers.udp.port=0");
		datagrams
			.run((context) -> assertThat(receivers(context)).isEqualTo(Runtime.getRuntime().availableProcessors()));
		datagrams.withPropertyValues("socketserver.servers.udp.datagram.receivers=1")
			.run((context) -> assertThat(receivers(context)).isEqualTo(1));
		datagrams.withPropertyValues("socketserver.servers.udp.datagram.receivers=3")
			.run((context) -> assertThat(receivers(context)).isEqualTo(3));
	}

	private static int receivers(ApplicationContext context) {
		return ((UdpServer) context.getBean(SocketServers.class).get("udp").server()).receiverCount();
	}

	@Configuration(proxyBeanMethods = false)
	static class DatagramEchoConfiguration {

		@Bean
		@SocketHandler("udp")
		DatagramRequestHandler datagramEchoHandler() {
			return (request) -> request.wfile().writeBytes(request.packet());
		}

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
