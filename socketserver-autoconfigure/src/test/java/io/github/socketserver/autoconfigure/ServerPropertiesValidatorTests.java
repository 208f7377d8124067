package io.github.socketserver.autoconfigure;

import java.nio.file.Path;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.testsupport.TestServers;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link ServerPropertiesValidator} (and the host check of
 * {@link SocketServerFactory}): settings that do not apply stop start-up, naming the full
 * key.
 */
class ServerPropertiesValidatorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class));

	private final ApplicationContextRunner streamRunner = this.runner.withUserConfiguration(StreamConfiguration.class);

	private final ApplicationContextRunner datagramRunner = this.runner
		.withUserConfiguration(DatagramConfiguration.class)
		.withPropertyValues("socketserver.servers.echo.type=datagram");

	@TempDir
	Path temp;

	@Test
	void acceptsAValidStreamServer() {
		this.streamRunner
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void refusesPathOnInetServer() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.path", "socketserver.servers.echo.port=0",
				"socketserver.servers.echo.path=" + this.temp.resolve("echo.sock"));
	}

	@Test
	void refusesPortOnUnixServer() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.port", "socketserver.servers.echo.family=unix",
				"socketserver.servers.echo.path=" + this.temp.resolve("echo.sock"), "socketserver.servers.echo.port=0");
	}

	@Test
	void refusesInetServerWithoutPort() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.port", "socketserver.servers.echo.host=127.0.0.1");
	}

	@Test
	void refusesUnixServerWithoutPath() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.path", "socketserver.servers.echo.family=unix");
	}

	@Test
	void refusesQueueSizeOnDatagramServer() {
		assertRefused(this.datagramRunner, "socketserver.servers.echo.socket.queue-size",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.socket.queue-size=50");
	}

	@Test
	void refusesReusePortOnUnixServer() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.socket.reuse-port",
				"socketserver.servers.echo.family=unix",
				"socketserver.servers.echo.path=" + this.temp.resolve("echo.sock"),
				"socketserver.servers.echo.socket.reuse-port=true");
	}

	@Test
	void refusesMaxThreadsWhenThreadingIsNotPool() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.pool.max-threads",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.threading=thread",
				"socketserver.servers.echo.pool.max-threads=4");
	}

	@Test
	void refusesThreadMaxThreadsWhenThreadingIsNotThread() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.thread.max-threads",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.threading=pool",
				"socketserver.servers.echo.thread.max-threads=4");
	}

	@Test
	void refusesThreadMaxThreadsBelowOne() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.thread.max-threads",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.threading=thread",
				"socketserver.servers.echo.thread.max-threads=0");
	}

	@Test
	void refusesMaxThreadsWhenSpringThreadsMakeTheServerVirtual() {
		assumeTrue(Threading.isVirtualAvailable(), "on Java 17 Spring's virtual threads leave the server a pool");
		assertRefused(this.streamRunner, "socketserver.servers.echo.pool.max-threads",
				"socketserver.servers.echo.port=0", "spring.threads.virtual.enabled=true",
				"socketserver.servers.echo.pool.max-threads=4");
	}

	@Test
	void refusesReadTimeoutOnDatagramServer() {
		assertRefused(this.datagramRunner, "socketserver.servers.echo.stream.read-timeout",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.stream.read-timeout=5s");
	}

	@Test
	void refusesIdleTimeoutOnDatagramServer() {
		assertRefused(this.datagramRunner, "socketserver.servers.echo.stream.idle-timeout",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.stream.idle-timeout=5s");
	}

	@Test
	void refusesWriteTimeoutOnDatagramServer() {
		assertRefused(this.datagramRunner, "socketserver.servers.echo.stream.write-timeout",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.stream.write-timeout=5s");
	}

	@Test
	void refusesANegativeWriteTimeout() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.stream.write-timeout",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.stream.write-timeout=-1s");
	}

	@Test
	void refusesAZeroIdleTimeout() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.stream.idle-timeout",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.stream.idle-timeout=0s");
	}

	@Test
	void refusesANegativeIdleTimeout() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.stream.idle-timeout",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.stream.idle-timeout=-1s");
	}

	@Test
	void acceptsAPositiveIdleTimeout() {
		this.streamRunner
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.servers.echo.stream.idle-timeout=5s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void refusesMaxPacketSizeOnStreamServer() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.datagram.max-packet-size",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.datagram.max-packet-size=512");
	}

	@Test
	void refusesAnIpv4HostOnAnInet6Server() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.host", "socketserver.servers.echo.family=inet6",
				"socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0");
	}

	@Test
	void refusesAPortAbove65535() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.port", "socketserver.servers.echo.port=70000");
	}

	@Test
	void acceptsAKeyThatDoesNotApplyWhenItHoldsItsDefault() {
		this.datagramRunner
			.withPropertyValues("socketserver.servers.echo.port=0", "socketserver.servers.echo.socket.queue-size=128",
					"socketserver.servers.echo.stream.max-line-length=8KB")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void refusesASizeLargerThanTheServerCanCount() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.stream.max-line-length",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.stream.max-line-length=2GB");
	}

	@Test
	void refusesALineLengthAboveOneGigabyte() {
		this.streamRunner
			.withPropertyValues("socketserver.servers.echo.port=0",
					"socketserver.servers.echo.stream.max-line-length=1025MB")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("socketserver.servers.echo.stream.max-line-length")
				.hasMessageContaining("at most 1GB"));
		this.streamRunner
			.withPropertyValues("socketserver.servers.echo.port=0",
					"socketserver.servers.echo.stream.max-line-length=1GB")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void refusesAnIpv6ClientPrefixOutsideTheAddress() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.limits.ipv6-client-prefix",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.limits.ipv6-client-prefix=0");
		assertRefused(this.streamRunner, "socketserver.servers.echo.limits.ipv6-client-prefix",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.limits.ipv6-client-prefix=129");
		assertRefused(this.datagramRunner, "socketserver.servers.echo.limits.ipv6-client-prefix",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.limits.ipv6-client-prefix=48");
	}

	@Test
	void refusesAPacketSizeNoUdpDatagramReaches() {
		assertRefused(this.datagramRunner, "socketserver.servers.echo.datagram.max-packet-size",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.datagram.max-packet-size=64KB");
		this.datagramRunner
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.servers.echo.datagram.max-packet-size=65535B")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void refusesANegativeNumberOfReceivers() {
		assertRefused(this.datagramRunner, "socketserver.servers.echo.datagram.receivers",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.datagram.receivers=-1");
	}

	@Test
	void refusesReceiversOnStreamServer() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.datagram.receivers",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.datagram.receivers=2");
	}

	@Test
	void refusesSeveralReceiversOnUnixDatagramServer() {
		assertRefused(this.datagramRunner, "socketserver.servers.echo.datagram.receivers",
				"socketserver.servers.echo.family=unix",
				"socketserver.servers.echo.path=" + this.temp.resolve("echo.sock"),
				"socketserver.servers.echo.datagram.receivers=2");
	}

	@Test
	void refusesAnEmptySize() {
		assertRefused(this.datagramRunner, "socketserver.servers.echo.datagram.max-packet-size",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.datagram.max-packet-size=0B");
	}

	@Test
	void refusesABadTrustedRangeNamingItsKey() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.proxy-protocol.trusted[1]",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.proxy-protocol.mode=required",
				"socketserver.servers.echo.proxy-protocol.trusted=10.0.0.0/8,10.0.0.0/33");
	}

	@Test
	void refusesAZeroHeaderTimeout() {
		assertRefused(this.streamRunner, "socketserver.servers.echo.proxy-protocol.header-timeout",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.proxy-protocol.mode=required",
				"socketserver.servers.echo.proxy-protocol.header-timeout=0s");
	}

	@Test
	void refusesAProxyProtocolWithoutTrustedSourcesOnAnInetServer() {
		for (String mode : new String[] { "optional", "required" }) {
			this.streamRunner
				.withPropertyValues("socketserver.servers.echo.port=0",
						"socketserver.servers.echo.proxy-protocol.mode=" + mode)
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
							assertThat(ex.getName()).isEqualTo("socketserver.servers.echo.proxy-protocol.trusted");
							assertThat(ex.getReason()).contains("balancer").contains("0.0.0.0/0").contains("::/0");
						});
				});
		}
		this.streamRunner
			.withPropertyValues("socketserver.servers.echo.port=0",
					"socketserver.servers.echo.proxy-protocol.mode=required",
					"socketserver.servers.echo.proxy-protocol.trusted=0.0.0.0/0,::/0")
			.run((context) -> assertThat(context).hasNotFailed());
		this.streamRunner
			.withPropertyValues("socketserver.servers.echo.family=unix",
					"socketserver.servers.echo.path=" + this.temp.resolve("trusting.sock"),
					"socketserver.servers.echo.proxy-protocol.mode=required")
			.run((context) -> assertThat(context).as("a unix server trusts its peers").hasNotFailed());
	}

	@Test
	void refusesTheProxyProtocolOnADatagramServer() {
		assertRefused(this.datagramRunner, "socketserver.servers.echo.proxy-protocol.mode",
				"socketserver.servers.echo.port=0", "socketserver.servers.echo.proxy-protocol.mode=optional");
	}

	@Test
	void acceptsAddressListsOnAUnixServerBehindABalancerOnly() {
		String path = "socketserver.servers.echo.path=" + this.temp.resolve("echo.sock");
		assertRefused(this.streamRunner, "socketserver.servers.echo.access.allow",
				"socketserver.servers.echo.family=unix", path, "socketserver.servers.echo.access.allow=10.0.0.0/8");
		this.streamRunner
			.withPropertyValues("socketserver.servers.echo.family=unix", path,
					"socketserver.servers.echo.proxy-protocol.mode=required",
					"socketserver.servers.echo.access.allow=10.0.0.0/8",
					"socketserver.servers.echo.limits.max-connections-per-client=2")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static void assertRefused(ApplicationContextRunner runner, String key, String... properties) {
		runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo(key);
					assertThat(ex.getReason()).isNotBlank();
				});
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class StreamConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler echoHandler() {
			return TestServers.lineEcho();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DatagramConfiguration {

		@Bean
		@SocketHandler("echo")
		DatagramRequestHandler datagramEchoHandler() {
			return (request) -> request.wfile().write(request.packet());
		}

	}

}
