package io.github.socketserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The library is built for Java 17: it serves there, and {@code virtual} mode fails with
 * a message that says what to do. Runs {@link Java17Probe} in the machine's Java 17.
 */
class Java17CompatibilityTests {

	private static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");

	@Test
	void servesOnJava17AndRefusesVirtualThreadsClearly() throws IOException, InterruptedException {
		assumeTrue(Files.isExecutable(JAVA_17), "no Java 17 at " + JAVA_17);
		Process probe = new ProcessBuilder(JAVA_17.toString(), "-cp", System.getProperty("java.class.path"),
				Java17Probe.class.getName())
			.redirectErrorStream(true)
			.start();
		assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("probe ends").isTrue();
		String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(probe.exitValue()).as(output).isZero();
		assertThat(output).contains("java 17")
			.contains("tcp echo: over tcp")
			.contains("unix echo: over unix")
			.contains("virtual refused: Virtual threads need Java 21 or newer")
			.contains("choose the 'pool' or 'thread' mode")
			.contains("udp virtual refused without leaking: true");
	}

}
