package io.github.socketserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder("sh", "-c", "ulimit -n " + DESCRIPTOR_LIMIT
				+ " && exec \"$JAVA\" -Xmx64m -XX:TieredStopAtLevel=1 -cp \"$CP\" " + ExhaustibleServer.class.getName())
			.redirectErrorStream(true);
		builder.environment().put("JAVA", java);
		builder.environment().put("CP", System.getProperty("java.class.path"));
		Process child = builder.start();
		List<String> output = new CopyOnWriteArrayList<>();
		Thread reader = new Thread(() -> collect(child, output), "test-child-output");
		reader.setDaemon(true);
		reader.start();
		List<SocketChannel> clients = new ArrayList<>();
		try {
			await().atMost(WAIT).until(() -> port(output) > 0 || !child.isAlive());
			assertThat(child.isAlive()).as("child started: %s", output).isTrue();
			InetSocketAddress address = new InetSocketAddress("127.0.0.1", port(output));
			assertThat(exchange(address, "before")).isEqualTo("before");
			for (int i = 0; i < CLIENTS; i++) {
				// Not waiting for the connection: past the backlog the handshake stalls.
				SocketChannel client = SocketChannel.open();
				client.configureBlocking(false);
				client.connect(address);
				clients.add(client);
			}
			await().atMost(WAIT).until(() -> output.stream().anyMatch((line) -> line.contains("Too many open files")));
			long ticks = cpuTicks(child.pid());
			long failures = failedAccepts(output);
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.until(() -> child.isAlive() && cpuTicks(child.pid()) - ticks < CPU_TICKS_BOUND
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
			child.destroyForcibly().waitFor();
		}
	}

	private static void collect(Process child, List<String> output) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				output.add(line);
			}
		}
		catch (IOException ex) {
			output.add("output lost: " + ex);
		}
	}

	private static long failedAccepts(List<String> output) {
		return output.stream().filter((line) -> line.contains("could not take a request")).count();
	}

	private static int port(List<String> output) {
		return output.stream()
			.filter((line) -> line.startsWith("PORT "))
			.mapToInt((line) -> Integer.parseInt(line.substring(5).trim()))
			.findFirst()
			.orElse(0);
	}

	/**
	 * User and system time of a process, fields 14 and 15 of {@code /proc/<pid>/stat}.
	 */
	private static long cpuTicks(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
		// The command name, field 2, may hold spaces: count from after it.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static String exchange(InetSocketAddress address, String line) throws IOException {
		try (Clients.Connection connection = new Clients.Connection(address)) {
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
