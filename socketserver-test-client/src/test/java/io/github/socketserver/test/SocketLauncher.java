package io.github.socketserver.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A supervisor for tests, in place of systemd: a Python process that opens and holds one
 * socket and hands it to child processes started one after the other, at descriptor 3
 * with {@code LISTEN_PID}, {@code LISTEN_FDS} and {@code LISTEN_FDNAMES} set, or on
 * standard input. Java cannot pass a descriptor to a child process; Python can. Each
 * child's output goes to {@code child-N.log} in the log directory.
 *
 * @since 0.1.0
 */
public final class SocketLauncher implements AutoCloseable {

	private static final Path PYTHON = Path.of("/usr/bin/python3");

	private final Process process;

	private final Writer commands;

	private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

	private final Path logs;

	private final SocketAddress address;

	private SocketLauncher(Process process, Path logs, String family) throws IOException {
		this.process = process;
		this.logs = logs;
		this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		Thread reader = new Thread(this::collect, "test-launcher-output");
		reader.setDaemon(true);
		reader.start();
		String bound = reply("ADDRESS ");
		if (family.equals("unix")) {
			this.address = UnixDomainSocketAddress.of(bound);
		}
		else {
			String[] hostPort = bound.split(" ");
			this.address = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
		}
	}

	/**
	 * {@return whether the launcher can run here: it needs {@code /usr/bin/python3}}
	 */
	public static boolean isAvailable() {
		return Files.isExecutable(PYTHON);
	}

	/**
	 * Opens a socket to pass as systemd does.
	 * @param family inet, inet6 or unix
	 * @param type stream or datagram
	 * @param path the socket file for unix, else {@code null}
	 * @param name the socket's name in {@code LISTEN_FDNAMES}
	 * @param listenPid {@code child} for the child's own process id, or another one
	 * @param logs where the children's output goes
	 * @param command the child's command
	 * @return the launcher, holding the socket
	 * @throws IOException if the launcher cannot start or open the socket
	 */
	public static SocketLauncher systemd(String family, String type, @Nullable Path path, String name, String listenPid,
			Path logs, List<String> command) throws IOException {
		return open(family, type, path, 3, name, listenPid, logs, command);
	}

	/**
	 * Opens a socket to pass on standard input.
	 * @param family inet, inet6 or unix
	 * @param type stream or datagram
	 * @param path the socket file for unix, else {@code null}
	 * @param logs where the children's output goes
	 * @param command the child's command
	 * @return the launcher, holding the socket
	 * @throws IOException if the launcher cannot start or open the socket
	 */
	public static SocketLauncher standardInput(String family, String type, @Nullable Path path, Path logs,
			List<String> command) throws IOException {
		return open(family, type, path, 0, "-", "-", logs, command);
	}

	/**
	 * The command of a child JVM on this JVM's class path, with the option that lets a
	 * server wrap an inherited descriptor in the JDK's channels.
	 * @param mainClass the class to run
	 * @param arguments its arguments
	 * @return the command
	 */
	public static List<String> javaCommand(Class<?> mainClass, String... arguments) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-opens",
						"java.base/sun.nio.ch=ALL-UNNAMED", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
						System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(List.of(arguments));
		return command;
	}

	private static SocketLauncher open(String family, String type, @Nullable Path path, int descriptor, String name,
			String listenPid, Path logs, List<String> command) throws IOException {
		Path script = logs.resolve("socket-launcher.py");
		try (InputStream in = SocketLauncher.class.getResourceAsStream("socket-launcher.py")) {
			if (in == null) {
				throw new IllegalStateException("socket-launcher.py is missing from the class path");
			}
			Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
		}
		List<String> launcher = new ArrayList<>(
				List.of(PYTHON.toString(), script.toString(), family, type, (path != null) ? path.toString() : "-",
						Integer.toString(descriptor), name, listenPid, logs.toString()));
		launcher.addAll(command);
		Process process = new ProcessBuilder(launcher).redirectError(logs.resolve("launcher.err").toFile()).start();
		return new SocketLauncher(process, logs, family);
	}

	/**
	 * {@return the address of the socket the launcher holds}
	 */
	public SocketAddress address() {
		return this.address;
	}

	/**
	 * Starts a child with the socket.
	 * @return the child's number, from 1
	 * @throws IOException if the launcher does not answer
	 */
	public int start() throws IOException {
		send("start");
		return Integer.parseInt(reply("STARTED "));
	}

	/**
	 * Stops the running child as a supervisor does, with SIGTERM, and waits for it.
	 * @return its exit code
	 * @throws IOException if the launcher does not answer
	 */
	public int stop() throws IOException {
		send("stop");
		return Integer.parseInt(reply("EXIT "));
	}

	/**
	 * Waits for the running child to exit by itself.
	 * @return its exit code
	 * @throws IOException if the launcher does not answer
	 */
	public int awaitExit() throws IOException {
		send("wait");
		return Integer.parseInt(reply("EXIT "));
	}

	/**
	 * What a child printed so far.
	 * @param run the child's number
	 * @return its output
	 * @throws IOException if the log cannot be read
	 */
	public String log(int run) throws IOException {
		Path log = this.logs.resolve("child-" + run + ".log");
		return Files.exists(log) ? Files.readString(log) : "";
	}

	private void send(String command) throws IOException {
		this.commands.write(command + "\n");
		this.commands.flush();
	}

	private String reply(String prefix) throws IOException {
		String line;
		try {
			line = this.replies.poll(120, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted waiting for the launcher", ex);
		}
		if (line == null || !line.startsWith(prefix)) {
			throw new IOException("The launcher answered " + line + " instead of " + prefix.trim() + " (see "
					+ this.logs.resolve("launcher.err") + ")");
		}
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

	/**
	 * Kills a child still running, closes the socket and ends the launcher.
	 */
	@Override
	public void close() throws IOException {
		this.commands.close();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
