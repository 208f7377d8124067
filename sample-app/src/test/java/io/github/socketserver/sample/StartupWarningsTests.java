package io.github.socketserver.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app starts without a warning, in a JVM of its own started with the JVM
 * arguments {@code spring-boot:run} passes (the {@code sample.jvm-arguments} property of
 * its pom): neither the JVM's (native access by junixsocket) nor the application's (a
 * meter Prometheus refuses).
 */
class StartupWarningsTests {

	private static final String[] SERVERS_ON_PORTS = { "echo", "ping", "udp-echo", "syslog-udp", "upper",
			"message-ping", "message-echo" };

	private static final String[] SERVERS_ON_FILES = { "unix-echo", "unix-ping", "unix-dgram-echo", "syslog",
			"unix-message-ping" };

	@TempDir
	Path directory;

	@Test
	void startsWithoutAWarning() throws Exception {
		Path output = this.directory.resolve("output.log");
		Process process = new ProcessBuilder(command()).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		try {
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> read(output).contains("Started SampleApplication") || !process.isAlive());
		}
		finally {
			process.destroy();
			process.waitFor();
		}
		String log = read(output);
		assertThat(log).contains("Started SampleApplication");
		assertThat(log.lines().filter((line) -> line.contains("WARN")).toList()).as(log).isEmpty();
	}

	private List<String> command() {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		String jvmArguments = System.getProperty("sample.jvm-arguments", "");
		command.addAll(Arrays.stream(jvmArguments.split("\\s+")).filter((argument) -> !argument.isEmpty()).toList());
		command.add("-cp");
		command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
		command.add(SampleApplication.class.getName());
		command.add("--server.port=0");
		for (String server : SERVERS_ON_PORTS) {
			command.add("--socketserver.servers." + server + ".port=0");
		}
		for (String server : SERVERS_ON_FILES) {
			command.add("--socketserver.servers." + server + ".path=" + this.directory.resolve(server + ".sock"));
		}
		return command;
	}

	private static String read(Path file) throws IOException {
		return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
	}

}
