package io.github.socketserver.inherit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The supervisor of the tests, in place of systemd: a Python process
 * ({@code socket-launcher.py}) that holds one socket and hands it, at descriptor 3 with
 * {@code LISTEN_*} set or on standard input, to {@link InheritingServer} in child JVMs
 * started one after the other. Java cannot pass a descriptor to a child; Python can.
 */
final class SocketLauncher implements AutoCloseable {

	private final Process process;

	private final Writer commands;

	private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

	private final Path logs;

	private final String address;

	private final String family;

	private SocketLauncher(Process process, Path logs, String family) throws InterruptedException {
		this.process = process;
		this.logs = logs;
		this.family = family;
		this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		Thread reader = new Thread(this::collect, "test-launcher-output");
		reader.setDaemon(true);
		reader.start();
		this.address = reply("ADDRESS ");
	}

	/**
	 * Opens the socket and waits for its address.
	 * @param mode {@code systemd} (descriptor 3) or {@code stdin}
	 * @param family inet, inet6 or unix
	 * @param type stream or datagram
	 * @param path the socket file for unix, else ignored
	 * @param name the name passed in {@code LISTEN_FDNAMES}
	 * @param declared what the child server declares: family, type and name to look for
	 * @param listenPid {@code child} for the child's own process id, or a fixed one
	 * @param logs where the children's output goes
	 */
	static SocketLauncher open(String mode, String family, String type, Path path, String name, List<String> declared,
			String listenPid, Path logs) throws IOException, InterruptedException {
		assumeThat(Path.of("/usr/bin/python3")).as("python3 passes descriptors to the child JVMs").exists();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script().toString(), family, type,
				path.toString(), mode.equals("stdin") ? "0" : "3", name, listenPid, logs.toString(), java,
				"--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-Xmx128m",
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				InheritingServer.class.getName(), mode));
		command.addAll(declared);
		Process process = new ProcessBuilder(command).redirectError(logs.resolve("launcher.err").toFile()).start();
		return new SocketLauncher(process, logs, family);
	}

	private static Path script() {
		try {
			return Path.of(SocketLauncher.class.getResource("socket-launcher.py").toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@return the address of the socket the launcher holds}
	 */
	SocketAddress address() {
		if (this.family.equals("unix")) {
			return UnixDomainSocketAddress.of(this.address);
		}
		String[] hostPort = this.address.split(" ");
		return new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
	}

	/**
	 * Starts a child with the socket.
	 * @return the child's number, from 1
	 */
	int start() throws IOException, InterruptedException {
		send("start");
		return Integer.parseInt(reply("STARTED "));
	}

	/**
	 * Stops the running child as a supervisor does, with SIGTERM, and waits for it.
	 * @return its exit code
	 */
	int stop() throws IOException, InterruptedException {
		send("stop");
		return Integer.parseInt(reply("EXIT "));
	}

	/**
	 * Waits for the running child to exit by itself.
	 * @return its exit code
	 */
	int awaitExit() throws IOException, InterruptedException {
		send("wait");
		return Integer.parseInt(reply("EXIT "));
	}

	/**
	 * {@return what child {@code run} printed so far}
	 */
	String log(int run) throws IOException {
		Path log = this.logs.resolve("child-" + run + ".log");
		return Files.exists(log) ? Files.readString(log) : "";
	}

	private void send(String command) throws IOException {
		this.commands.write(command + "\n");
		this.commands.flush();
	}

	private String reply(String prefix) throws InterruptedException {
		String line = this.replies.poll(60, TimeUnit.SECONDS);
		assertThat(line).as("launcher replied (stderr in %s)", this.logs.resolve("launcher.err")).startsWith(prefix);
		return line.substring(prefix.length());
	}

	private void collect() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				this.replies.add(line);
			}
		}
		catch (IOException ex) {
			this.replies.add("output lost: " + ex);
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.commands.close();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
		}
	}

}
