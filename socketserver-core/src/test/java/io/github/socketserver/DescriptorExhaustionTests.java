package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server out of file descriptors keeps going without spinning, and serves again once
 * clients leave: run in a child JVM under {@code ulimit -n 256}, with more clients than
 * that.
 */
class DescriptorExhaustionTests {

	private static final int DESCRIPTOR_LIMIT = 256;

	private static final int CLIENTS = 400;

	/**
	 * CPU the child may use, in clock ticks (1/100 s), over a window of two seconds while
	 * its descriptors are exhausted. Backing off it used 1; without the back-off, a
	 * spinning accept loop used about 60 on a loaded two-core machine.
	 */
	private static final long CPU_TICKS_BOUND = 25;

	/**
	 * Failed accepts the child may log over the window: the back-off doubles up to a
	 * second, where a spinning loop logged some 30,000.
	 */
	private static final long FAILURES_LOGGED_BOUND = 50;

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void keepsGoingWithoutSpinningAndRecoversWhenClientsLeave() throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs /proc");
		// The child serves on virtual threads, so that its descriptors run out before
		// anything else does.
		assumeTrue(Threading.isVirtualAvailable(), "virtual threads need Java 21 or newer");
		// A backlog that holds every client: their handshakes all complete at once, so
		// the
		// child runs out of descriptors without waiting for retransmitted connects.
		try (ChildServer child = ChildServer.start(DESCRIPTOR_LIMIT, 2 * CLIENTS, WAIT)) {
			List<String> output = child.output();
			InetSocketAddress address = child.address();
			List<SocketChannel> clients = new ArrayList<>();
			try {
				assertThat(exchange(address, "before")).isEqualTo("before");
				for (int i = 0; i < CLIENTS; i++) {
					// Not waiting for the connection: once the child is out of
					// descriptors, it is accepted only after clients leave.
					SocketChannel client = SocketChannel.open();
					client.configureBlocking(false);
					client.connect(address);
					clients.add(client);
				}
				await().atMost(WAIT)
					.until(() -> output.stream().anyMatch((line) -> line.contains("Too many open files")));
				long ticks = child.cpuTicks();
				long failures = failedAccepts(output);
				await().during(Duration.ofSeconds(2))
					.atMost(Duration.ofSeconds(5))
					.until(() -> child.isAlive() && child.cpuTicks() - ticks < CPU_TICKS_BOUND
							&& failedAccepts(output) - failures < FAILURES_LOGGED_BOUND);
				for (SocketChannel client : clients) {
					client.close();
				}
				await().atMost(WAIT).until(() -> "after".equals(exchangeOrNull(address, "after")));
				assertThat(child.isAlive()).isTrue();
			}
			finally {
				for (SocketChannel client : clients) {
					client.close();
				}
			}
		}
	}

	private static long failedAccepts(List<String> output) {
		return output.stream().filter((line) -> line.contains("could not take a request")).count();
	}

	private static String exchange(InetSocketAddress address, String line) throws IOException {
		try (SocketTestClient connection = SocketTestClient.connect(address)) {
			connection.send(line + "\n");
			return connection.readLine();
		}
	}

	private static String exchangeOrNull(InetSocketAddress address, String line) {
		try {
			return exchange(address, line);
		}
		catch (IOException ex) {
			return null;
		}
	}

}
