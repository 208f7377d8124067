package io.github.socketserver.context;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.handler.DatagramRequestHandler;
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
 * What a drain does to each kind of request: an idle connection ends at once, a request
 * mid-message finishes, datagrams received before the drain are handled, and a request
 * cut at the end says how long it was waited for.
 */
@ExtendWith(OutputCaptureExtension.class)
class DrainTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final Datagrams datagrams = new Datagrams();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(Handlers.class)
		.withBean(Datagrams.class, () -> this.datagrams)
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
				"socketserver.servers.echo.threading=" + perRequest(), "socketserver.servers.udp.host=127.0.0.1",
				"socketserver.servers.udp.port=0", "socketserver.servers.udp.type=datagram",
				"socketserver.servers.udp.threading=sync");

	@Test
	void idleConnectionsEndAtOnceAndARequestMidMessageFinishes(CapturedOutput output) throws Exception {
		this.runner.withPropertyValues("socketserver.servers.echo.shutdown.timeout=30s").run((context) -> {
			ManagedSocketServer server = context.getBean(SocketServers.class).get("echo");
			InetSocketAddress address = TestServers.address(context, "echo");
			List<SocketTestClient> idle = new ArrayList<>();
			try (SocketTestClient busy = SocketTestClient.connect(address)) {
				for (int i = 0; i < 5; i++) {
					SocketTestClient client = SocketTestClient.connect(address);
					idle.add(client);
					client.sendLine("hello " + i);
					assertThat(client.readLine()).isEqualTo("hello " + i);
				}
				busy.send("half a ");
				await().atMost(WAIT).until(() -> server.server().activeRequests() == 6);
				Thread closer = new Thread(context::close, "test-context-closer");
				closer.start();
				// Long before the 30 s of the shutdown timeout.
				for (SocketTestClient client : idle) {
					assertThat(client.readLine()).isNull();
				}
				await().atMost(WAIT).until(() -> server.server().activeRequests() == 1);
				busy.send("line\n");
				assertThat(busy.readLine()).isEqualTo("half a line");
				assertThat(busy.readLine()).isNull();
				await().atMost(WAIT).until(() -> !closer.isAlive());
			}
			finally {
				for (SocketTestClient client : idle) {
					client.close();
				}
			}
			assertThat(output).doesNotContain("cut the request").doesNotContain("Server 'echo' ended the request");
			assertThat(server.statistics().requests()).isEqualTo(6);
		});
	}

	@Test
	void theCutLineSaysHowLongTheRequestWasWaitedFor(CapturedOutput output) throws Exception {
		this.runner.withPropertyValues("socketserver.servers.echo.shutdown.timeout=1s").run((context) -> {
			try (SocketTestClient stuck = SocketTestClient.connect(TestServers.address(context, "echo"))) {
				stuck.send("never ends");
				ManagedSocketServer server = context.getBean(SocketServers.class).get("echo");
				await().atMost(WAIT).until(() -> server.server().activeRequests() == 1);
				context.close();
				assertThat(stuck.readLine()).isNull();
			}
		});
		Matcher cut = Pattern.compile("Server 'echo' cut the request from \\S+ still running (\\d+) ms after")
			.matcher(output.toString());
		assertThat(cut.find()).as(output.toString()).isTrue();
		// The shutdown timeout of 1 s runs from just before the drain began; a loaded
		// machine may take a while between the two, and a line that did not count the
		// wait would say 0.
		assertThat(Long.parseLong(cut.group(1))).isGreaterThanOrEqualTo(500);
	}

	@Test
	void datagramsReceivedBeforeTheDrainAreHandled() throws Exception {
		this.runner.withPropertyValues("socketserver.servers.udp.shutdown.timeout=20s").run((context) -> {
			ManagedSocketServer server = context.getBean(SocketServers.class).get("udp");
			try (SocketTestClient client = SocketTestClient.datagram(TestServers.address(context, "udp"))) {
				for (int i = 0; i < 10; i++) {
					client.send("datagram " + i);
				}
				assertThat(this.datagrams.first.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
				Thread closer = new Thread(context::close, "test-context-closer");
				closer.start();
				await().atMost(WAIT).until(() -> server.state() == SocketServerState.DRAINING);
				this.datagrams.release.countDown();
				await().atMost(WAIT).until(() -> !closer.isAlive());
			}
			assertThat(this.datagrams.handled).hasSize(10);
		});
	}

	/**
	 * The datagrams handled; the first waits until the test lets it go.
	 */
	static class Datagrams {

		final List<String> handled = new CopyOnWriteArrayList<>();

		final CountDownLatch first = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler lineEcho() {
			return (request) -> {
				for (String line = request.rfile().readLine(); line != null; line = request.rfile().readLine()) {
					request.wfile().write(line + "\n");
				}
			};
		}

		@Bean
		@SocketHandler("udp")
		DatagramRequestHandler recorder(Datagrams datagrams) {
			return (request) -> {
				datagrams.handled.add(new String(request.packet()));
				datagrams.first.countDown();
				datagrams.release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
			};
		}

	}

	private static String perRequest() {
		return Threading.isVirtualAvailable() ? "virtual" : "thread";
	}

}
