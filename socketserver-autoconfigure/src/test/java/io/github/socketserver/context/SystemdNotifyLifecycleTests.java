package io.github.socketserver.context;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link SystemdNotifyLifecycle}: the notifications arrive on a Unix datagram
 * socket the test owns, as systemd's would, by path and in the abstract namespace.
 */
class SystemdNotifyLifecycleTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class)
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
				"socketserver.servers.late.host=127.0.0.1", "socketserver.servers.late.port=0",
				"socketserver.servers.late.auto-startup=false");

	@TempDir
	Path temp;

	private final List<String> received = new CopyOnWriteArrayList<>();

	private AFUNIXDatagramChannel systemd;

	/** {@link System#nanoTime()} when the last {@code WATCHDOG=1} arrived, 0 before. */
	private volatile long lastPing;

	@AfterEach
	void closeSystemd() throws IOException {
		if (this.systemd != null) {
			this.systemd.close();
		}
	}

	@Test
	void notifiesReadyWithStatusThenStoppingThroughASocketFile() throws Exception {
		Path path = this.temp.resolve("notify.sock");
		listen(AFUNIXSocketAddress.of(path));
		this.runner.withPropertyValues("NOTIFY_SOCKET=" + path).run((context) -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.received.isEmpty());
			assertThat(this.received.get(0))
				.isEqualTo("READY=1\nSTATUS=1 of 2 socket servers serving, 0 requests in flight");
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() >= 2);
		assertThat(this.received.get(1)).startsWith("STOPPING=1\nSTATUS=Draining 2 socket servers");
	}

	@Test
	void petsTheWatchdogAtHalfItsIntervalThroughAnAbstractAddress() throws Exception {
		String name = "socketserver-test-" + UUID.randomUUID();
		listen(AFUNIXSocketAddress.inAbstractNamespace(name));
		this.runner.withPropertyValues("NOTIFY_SOCKET=@" + name, "WATCHDOG_USEC=200000").run((context) -> {
			assertThat(context.getBean(SystemdNotifyLifecycle.class).watchdogInterval())
				.isEqualTo(Duration.ofMillis(100));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.received.stream().filter((message) -> message.startsWith("WATCHDOG=1")).count() >= 3);
			assertThat(this.received.get(0)).startsWith("READY=1");
		});
	}

	@Test
	void closingStopsTheWatchdogThread() throws Exception {
		String name = "socketserver-test-" + UUID.randomUUID();
		listen(AFUNIXSocketAddress.inAbstractNamespace(name));
		this.runner.withPropertyValues("NOTIFY_SOCKET=@" + name, "WATCHDOG_USEC=200000").run((context) -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.lastPing != 0);
			context.getBean(SystemdNotifyLifecycle.class).close();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Thread.getAllStackTraces()
					.keySet()
					.stream()
					.noneMatch(
							(thread) -> thread.getName().equals("socketserver-systemd-watchdog") && thread.isAlive()));
		});
	}

	@Test
	void stopsPettingTheWatchdogWhileAServingLoopIsStuck() throws Exception {
		Path path = this.temp.resolve("notify.sock");
		listen(AFUNIXSocketAddress.of(path));
		StuckConfiguration.entered = new CountDownLatch(1);
		StuckConfiguration.release = new CountDownLatch(1);
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
			.withUserConfiguration(StuckConfiguration.class)
			.withPropertyValues("socketserver.servers.stuck.host=127.0.0.1", "socketserver.servers.stuck.port=0",
					"socketserver.servers.stuck.threading=sync", "NOTIFY_SOCKET=" + path, "WATCHDOG_USEC=200000")
			.run((context) -> {
				await().atMost(Duration.ofSeconds(10)).until(() -> this.lastPing != 0);
				try (SocketTestClient client = SocketTestClient.connect(TestServers.address(context, "stuck"))) {
					client.sendLine("block");
					// The sync server handles the request on its serving loop, which
					// turns no more until the handler returns.
					assertThat(StuckConfiguration.entered.await(10, TimeUnit.SECONDS)).isTrue();
					await().atMost(Duration.ofSeconds(10))
						.until(() -> System.nanoTime() - this.lastPing > Duration.ofSeconds(1).toNanos());
					StuckConfiguration.release.countDown();
					long resumedAfter = System.nanoTime();
					await().atMost(Duration.ofSeconds(10)).until(() -> this.lastPing > resumedAfter);
				}
				finally {
					StuckConfiguration.release.countDown();
				}
			});
	}

	@Test
	void stopsPettingTheWatchdogOnceAServerFailed() throws Exception {
		Path path = this.temp.resolve("notify.sock");
		listen(AFUNIXSocketAddress.of(path));
		try (ServerSocket blocker = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			this.runner
				.withPropertyValues("NOTIFY_SOCKET=" + path, "WATCHDOG_USEC=100000",
						"socketserver.servers.late.port=" + blocker.getLocalPort())
				.run((context) -> {
					await().atMost(Duration.ofSeconds(10))
						.until(() -> this.received.stream().anyMatch((message) -> message.startsWith("WATCHDOG=1")));
					SocketServers servers = context.getBean(SocketServers.class);
					assertThatExceptionOfType(SocketServerStartException.class).isThrownBy(() -> servers.start("late"));
					assertThat(context.getBean(SystemdNotifyLifecycle.class).status()).endsWith(", 1 failed");
					// A ping in flight as the server failed may still arrive: count from
					// the
					// next status.
					int seen = this.received.size() + 1;
					await().during(Duration.ofMillis(500))
						.atMost(Duration.ofSeconds(5))
						.until(() -> this.received.stream()
							.skip(seen)
							.noneMatch((message) -> message.startsWith("WATCHDOG=1")));
				});
		}
	}

	@Test
	void isAbsentWhenSystemdDidNotAsk() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(SystemdNotifyLifecycle.class));
	}

	private void listen(SocketAddress address) throws IOException {
		this.systemd = AFUNIXDatagramChannel.open();
		this.systemd.bind(address);
		Thread reader = new Thread(() -> {
			ByteBuffer buffer = ByteBuffer.allocate(4096);
			try {
				while (this.systemd.isOpen()) {
					buffer.clear();
					this.systemd.receive(buffer);
					buffer.flip();
					String message = StandardCharsets.UTF_8.decode(buffer).toString();
					this.received.add(message);
					if (message.startsWith("WATCHDOG=1")) {
						this.lastPing = System.nanoTime();
					}
				}
			}
			catch (IOException ex) {
				// Closed at the end of the test.
			}
		}, "test-systemd");
		reader.setDaemon(true);
		reader.start();
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		@SocketHandler({ "echo", "late" })
		StreamRequestHandler echoHandler() {
			return TestServers.lineEcho();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StuckConfiguration {

		static volatile CountDownLatch entered = new CountDownLatch(1);

		static volatile CountDownLatch release = new CountDownLatch(1);

		@Bean
		@SocketHandler("stuck")
		StreamRequestHandler stuckHandler() {
			return (request) -> {
				request.rfile().readLine();
				entered.countDown();
				release.await(30, TimeUnit.SECONDS);
			};
		}

	}

}
