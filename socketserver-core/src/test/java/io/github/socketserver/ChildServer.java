package io.github.socketserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@link ExhaustibleServer} in a child JVM, for tests that need the server's
 * descriptors apart from the test's: under a small {@code ulimit -n}, or to hold more
 * connections than one process may have descriptors for both ends.
 */
final class ChildServer implements AutoCloseable {

	private final Process process;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final InetSocketAddress address;

	private ChildServer(Process process, Duration wait) {
		this.process = process;
		Thread reader = new Thread(this::collect, "test-child-output");
		reader.setDaemon(true);
		reader.start();
		await().atMost(wait).until(() -> port() > 0 || !process.isAlive());
		assertThat(process.isAlive()).as("child started: %s", this.output).isTrue();
		this.address = new InetSocketAddress("127.0.0.1", port());
	}

	/**
	 * Starts the child.
	 * @param descriptorLimit the child's {@code ulimit -n}, or 0 to inherit this JVM's
	 * @param backlog the server's listen backlog
	 * @param wait how long the child may take to listen
	 */
	static ChildServer start(int descriptorLimit, int backlog, Duration wait) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String limit = (descriptorLimit > 0) ? "ulimit -n " + descriptorLimit + " && " : "";
		ProcessBuilder builder = new ProcessBuilder("sh", "-c",
				limit + "exec \"$JAVA\" -Xmx256m -XX:TieredStopAtLevel=1 -cp \"$CP\" "
						+ ExhaustibleServer.class.getName() + " " + backlog)
			.redirectErrorStream(true);
		builder.environment().put("JAVA", java);
		builder.environment().put("CP", System.getProperty("java.class.path"));
		return new ChildServer(builder.start(), wait);
	}

	InetSocketAddress address() {
		return this.address;
	}

	/**
	 * What the child printed so far (its log goes there too).
	 */
	List<String> output() {
		return this.output;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * User and system time of the child, fields 14 and 15 of {@code /proc/<pid>/stat}.
	 */
	long cpuTicks() throws IOException {
		String stat = Files.readString(Path.of("/proc", String.valueOf(this.process.pid()), "stat"));
		// The command name, field 2, may hold spaces: count from after it.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	private void collect() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				this.output.add(line);
			}
		}
		catch (IOException ex) {
			this.output.add("output lost: " + ex);
		}
	}

	private int port() {
		return this.output.stream()
			.filter((line) -> line.startsWith("PORT "))
			.mapToInt((line) -> Integer.parseInt(line.substring(5).trim()))
			.findFirst()
			.orElse(0);
	}

}
