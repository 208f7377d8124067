package io.github.socketserver.inherit;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.test.SocketLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Servers in child JVMs on sockets a supervisor passes them, as systemd does: every
 * family and type, the sockets they must refuse, and the socket left in place at stop.
 */
class InheritedSocketTests {

	private static final Duration CHILD_START = Duration.ofSeconds(60);

	/** The exit code of a JVM that SIGTERM stopped through its shutdown hooks. */
	private static final int STOPPED_BY_SIGTERM = 143;

	@TempDir
	Path dir;

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "inet, stream", "inet6, stream", "unix, stream", "inet, datagram", "inet6, datagram",
			"unix, datagram" })
	void servesOnTheSocketSystemdPassedAndLeavesItInPlaceAtStop(String family, String type) throws Exception {
		Path path = this.dir.resolve("echo.sock");
		try (SocketLauncher launcher = SocketLauncher.systemd(family, type, path, "echo", "child", this.dir,
				child("systemd", family, type, "echo"))) {
			int run = launcher.start();
			awaitServing(launcher, run);
			assertThat(launcher.log(run)).contains("inherited=true");
			assertEchoes(launcher, type, "hello " + family);
			assertThat(launcher.stop()).isEqualTo(STOPPED_BY_SIGTERM);
			assertThat(launcher.log(run)).contains("STOPPED");
			if (family.equals("unix")) {
				assertThat(path).as("the supervisor's socket file").exists();
			}
			int second = launcher.start();
			awaitServing(launcher, second);
			assertEchoes(launcher, type, "again");
			assertThat(launcher.stop()).isEqualTo(STOPPED_BY_SIGTERM);
		}
	}

	/**
	 * systemd's documented pattern: the socket unit in the host's network namespace, the
	 * service in its own ({@code PrivateNetwork=yes}), where the host's sockets are in no
	 * table of {@code /proc/self/net}.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "inet, stream", "inet6, datagram", "unix, stream" })
	void servesInAPrivateNetworkNamespace(String family, String type) throws Exception {
		assumeTrue(canUnshareTheNetwork(), "'unshare -rn' cannot make a network namespace here");
		List<String> command = new ArrayList<>(List.of("unshare", "-rn"));
		command.addAll(child("systemd", family, type, "echo"));
		try (SocketLauncher launcher = SocketLauncher.systemd(family, type, this.dir.resolve("private.sock"), "echo",
				"child", this.dir, command)) {
			int run = launcher.start();
			awaitServing(launcher, run);
			assertEchoes(launcher, type, "across namespaces");
			assertThat(launcher.stop()).isEqualTo(STOPPED_BY_SIGTERM);
		}
	}

	private static boolean canUnshareTheNetwork() {
		try {
			Process process = new ProcessBuilder("unshare", "-rn", "true").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "inet, stream", "unix, stream", "inet, datagram", "unix, datagram" })
	void servesOnTheSocketOnStandardInput(String family, String type) throws Exception {
		try (SocketLauncher launcher = SocketLauncher.standardInput(family, type, this.dir.resolve("stdin.sock"),
				this.dir, child("stdin", family, type, "-"))) {
			int run = launcher.start();
			awaitServing(launcher, run);
			assertEchoes(launcher, type, "from stdin");
			assertThat(launcher.stop()).isEqualTo(STOPPED_BY_SIGTERM);
		}
	}

	@Test
	void servesUnderSystemdSocketActivate() throws Exception {
		Path activate = Path.of("/usr/bin/systemd-socket-activate");
		assumeTrue(Files.isExecutable(activate), "systemd-socket-activate (Debian's systemd package) is absent");
		Path path = this.dir.resolve("activated.sock");
		List<String> command = new ArrayList<>(List.of(activate.toString(), "-l", path.toString(), "--fdname=echo"));
		command.addAll(SocketLauncher.javaCommand(InheritingServer.class, "systemd", "unix", "stream", "echo"));
		Process activator = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("activate.log").toFile())
			.start();
		try {
			await().atMost(CHILD_START).until(() -> Files.exists(path));
			// The server starts at this first connection, which waits in the backlog
			// meanwhile.
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
				client.write(StandardCharsets.UTF_8.encode("activated\n"));
				ByteBuffer answer = ByteBuffer.allocate(64);
				await().atMost(CHILD_START).until(() -> {
					client.read(answer);
					return answer.position() >= "activated\n".length();
				});
				assertThat(new String(answer.array(), 0, answer.position(), StandardCharsets.UTF_8))
					.isEqualTo("activated\n");
			}
			assertThat(Files.readString(this.dir.resolve("activate.log"))).contains("inherited=true");
		}
		finally {
			activator.destroy();
			activator.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void refusesASocketOfAnotherType() throws Exception {
		String report = failure("unix", "datagram", "echo", List.of("unix", "stream", "echo"), "child");
		assertThat(report).contains("Socket server 'echo' is declared unix stream")
			.contains("a unix datagram socket")
			.contains("descriptor 3 named 'echo'")
			.contains("LISTEN_FDS=1");
	}

	@Test
	void refusesASocketOfAnotherFamily() throws Exception {
		String report = failure("inet6", "stream", "echo", List.of("inet", "stream", "echo"), "child");
		assertThat(report).contains("is declared inet stream").contains("a inet6 stream").contains("family to inet6");
	}

	@Test
	void reportsAMissingName() throws Exception {
		String report = failure("inet", "stream", "other", List.of("inet", "stream", "echo"), "child");
		assertThat(report).contains("Socket server 'echo' found no socket named 'echo'")
			.contains("LISTEN_FDNAMES=other")
			.contains("FileDescriptorName=echo");
	}

	@Test
	void refusesSocketsPassedToAnotherProcess() throws Exception {
		String report = failure("inet", "stream", "echo", List.of("inet", "stream", "echo"), "1");
		assertThat(report).contains("Socket server 'echo'").contains("another process").contains("LISTEN_PID=1 ");
	}

	private String failure(String family, String type, String name, List<String> declared, String listenPid)
			throws Exception {
		try (SocketLauncher launcher = SocketLauncher.systemd(family, type, this.dir.resolve("echo.sock"), name,
				listenPid, this.dir, child("systemd", declared.get(0), declared.get(1), declared.get(2)))) {
			int run = launcher.start();
			assertThat(launcher.awaitExit()).isEqualTo(2);
			assertThat(launcher.log(run)).contains("FAILED");
			return launcher.log(run);
		}
	}

	/**
	 * The command of a child JVM running {@link InheritingServer}.
	 */
	static List<String> child(String mode, String family, String type, String name) {
		assumeTrue(SocketLauncher.isAvailable(), "python3 is needed to pass descriptors to a child JVM");
		return SocketLauncher.javaCommand(InheritingServer.class, mode, family, type, name);
	}

	static void awaitServing(SocketLauncher launcher, int run) {
		await().atMost(CHILD_START).untilAsserted(() -> assertThat(launcher.log(run)).contains("SERVING"));
	}

	private static void assertEchoes(SocketLauncher launcher, String type, String text) throws Exception {
		try (SocketTestClient client = type.equals("stream") ? SocketTestClient.connect(launcher.address())
				: SocketTestClient.datagram(launcher.address())) {
			if (type.equals("stream")) {
				client.sendLine(text);
				assertThat(client.readLine()).isEqualTo(text);
			}
			else {
				client.send(text);
				assertThat(client.receiveAsString()).isEqualTo(text);
			}
		}
	}

}
