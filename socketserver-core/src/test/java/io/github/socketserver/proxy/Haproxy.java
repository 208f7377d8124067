package io.github.socketserver.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HAProxy in the foreground, with one TCP frontend on a free loopback port and one
 * server, for tests.
 */
final class Haproxy implements AutoCloseable {

	static final Path EXECUTABLE = Path.of("/usr/sbin/haproxy");

	/**
	 * The address the test's clients connect to HAProxy from.
	 */
	static final InetAddress CLIENT = address("127.0.0.3");

	private final Process process;

	private final int port;

	private Haproxy(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts HAProxy and waits until its frontend accepts connections; HAProxy is stopped
	 * if the wait fails, and an exit fails it at once with HAProxy's output.
	 * @param directory where its configuration and output go
	 * @param server the address and options of its one server
	 */
	static Haproxy start(Path directory, String server) throws IOException {
		return start(directory, server, Duration.ofSeconds(20), Haproxy::listening);
	}

	static Haproxy start(Path directory, String server, Duration wait, Predicate<Haproxy> ready) throws IOException {
		int port;
		// HAProxy cannot report a port it picked: take one free now.
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		Path config = directory.resolve("haproxy.cfg");
		Files.writeString(config,
				String.join("\n", "global", "  maxconn 100", "defaults", "  mode tcp", "  timeout connect 5s",
						"  timeout client 30s", "  timeout server 30s", "frontend front", "  bind 127.0.0.1:" + port,
						"  unique-id-format test-%{+X}o%ci:%cp", "  default_backend back", "backend back",
						"  server app " + server, ""));
		Process process = new ProcessBuilder(EXECUTABLE.toString(), "-db", "-f", config.toString())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("haproxy.log").toFile())
			.start();
		Haproxy haproxy = new Haproxy(process, port);
		boolean started = false;
		try {
			// An exit fails the wait at once: the assertion is not an exception
			// Awaitility
			// ignores.
			await().atMost(wait).until(() -> {
				assertThat(process.isAlive()).as(() -> "HAProxy exited: " + log(directory)).isTrue();
				return ready.test(haproxy);
			});
			started = true;
			return haproxy;
		}
		finally {
			if (!started) {
				haproxy.close();
			}
		}
	}

	private static String log(Path directory) {
		try {
			return Files.readString(directory.resolve("haproxy.log"));
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Process process() {
		return this.process;
	}

	/**
	 * Whether the frontend accepts a connection.
	 */
	boolean listening() {
		try (Socket probe = new Socket("127.0.0.1", this.port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.bind(new InetSocketAddress(CLIENT, 0));
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
		return socket;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
