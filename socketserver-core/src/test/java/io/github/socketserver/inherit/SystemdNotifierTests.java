package io.github.socketserver.inherit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SystemdNotifier}, without Spring: a datagram arrives on a socket the
 * test owns, as systemd's would.
 */
class SystemdNotifierTests {

	@TempDir
	Path dir;

	@Test
	void sendsTheStatesAsOneDatagram() throws Exception {
		Path path = this.dir.resolve("notify.sock");
		try (AFUNIXDatagramChannel systemd = AFUNIXDatagramChannel.open()) {
			systemd.bind(AFUNIXSocketAddress.of(path));
			try (SystemdNotifier notifier = new SystemdNotifier(path.toString())) {
				notifier.send("READY=1", "STATUS=serving");
			}
			ByteBuffer buffer = ByteBuffer.allocate(256);
			systemd.receive(buffer);
			buffer.flip();
			assertThat(StandardCharsets.UTF_8.decode(buffer).toString()).isEqualTo("READY=1\nSTATUS=serving");
		}
	}

	@Test
	void tellsWhetherAProcessVariableNamesThisProcess() {
		assertThat(SystemdNotifier.namesThisProcess(" " + ProcessHandle.current().pid() + " ")).isTrue();
		assertThat(SystemdNotifier.namesProcess("41", 42)).isFalse();
		assertThat(SystemdNotifier.namesProcess("", 42)).isFalse();
	}

}
