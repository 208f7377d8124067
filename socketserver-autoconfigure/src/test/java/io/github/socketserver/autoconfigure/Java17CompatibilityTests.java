package io.github.socketserver.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On Java 17 the starter runs: Spring's virtual-threads switch falls back to a pool, and
 * an explicit {@code threading: virtual} stops start-up naming the key. Runs
 * {@link Java17Application} in the machine's Java 17.
 */
class Java17CompatibilityTests {

	private static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");

	@Test
	void springVirtualThreadsFallBackToAPoolOnJava17() throws Exception {
		Result result = run("--spring.threads.virtual.enabled=true");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("threading: pool");
	}

	@Test
	void explicitVirtualThreadingStopsStartUpNamingTheKey() throws Exception {
		Result result = run("--socketserver.servers.echo.threading=virtual");
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("APPLICATION FAILED TO START")
			.contains("socketserver.servers.echo.threading")
			.contains("Virtual threads need Java 21 or newer");
	}

	private static Result run(String property) throws IOException, InterruptedException {
		assumeTrue(Files.isExecutable(JAVA_17), "no Java 17 at " + JAVA_17);
		List<String> command = new ArrayList<>(List.of(JAVA_17.toString(), "-cp", System.getProperty("java.class.path"),
				Java17Application.class.getName(), "--socketserver.servers.echo.host=127.0.0.1",
				"--socketserver.servers.echo.port=0"));
		command.add(property);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("application ends").isTrue();
		return new Result(process.exitValue(), output);
	}

	private record Result(int exitCode, String output) {
	}

}
