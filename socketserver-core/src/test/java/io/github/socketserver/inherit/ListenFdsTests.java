package io.github.socketserver.inherit;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ListenFds}: systemd's variables read as {@code sd_listen_fds} reads
 * them.
 */
class ListenFdsTests {

	@Test
	void numbersTheSocketsFromThreeAndFindsThemByName() throws Exception {
		ListenFds fds = ListenFds.read(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "3", "LISTEN_FDNAMES", "a:b:c"), 42,
				"echo");
		assertThat(fds.find("b")).containsExactly(new ListenFds.PassedSocket(4, "b"));
		assertThat(fds.find("c")).containsExactly(new ListenFds.PassedSocket(5, "c"));
		assertThat(fds.find("d")).isEmpty();
	}

	@Test
	void findsTheDefaultNameOfASocketUnit() throws Exception {
		ListenFds fds = ListenFds.read(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1", "LISTEN_FDNAMES", "echo.socket"),
				42, "echo");
		assertThat(fds.find("echo")).containsExactly(new ListenFds.PassedSocket(3, "echo.socket"));
	}

	@Test
	void namesSocketsWithoutNamesUnknown() throws Exception {
		ListenFds fds = ListenFds.read(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1"), 42, "echo");
		assertThat(fds.find("unknown")).containsExactly(new ListenFds.PassedSocket(3, "unknown"));
		assertThat(fds.find("echo")).isEmpty();
	}

	@Test
	void refusesACountThatIsNotANumber() {
		assertThatExceptionOfType(InheritedSocketException.class)
			.isThrownBy(() -> ListenFds.read(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "x"), 42, "echo"))
			.withMessageContaining("Socket server 'echo'")
			.withMessageContaining("LISTEN_FDS is not a count (LISTEN_PID=42 LISTEN_FDS=x LISTEN_FDNAMES=null)");
	}

	@Test
	void refusesSocketsForAnotherProcess() {
		assertThatExceptionOfType(InheritedSocketException.class)
			.isThrownBy(() -> ListenFds.read(Map.of("LISTEN_PID", "41", "LISTEN_FDS", "1"), 42, "echo"))
			.withMessageContaining("this process is 42")
			.withMessageContaining("'exec'");
	}

	@Test
	void findsEverySocketOfAName() throws Exception {
		ListenFds fds = ListenFds.read(
				Map.of("LISTEN_PID", "42", "LISTEN_FDS", "3", "LISTEN_FDNAMES", "echo:other:echo.socket"), 42, "echo");
		assertThat(fds.find("echo")).containsExactly(new ListenFds.PassedSocket(3, "echo"),
				new ListenFds.PassedSocket(5, "echo.socket"));
	}

	@Test
	void refusesNamesThatDoNotCountTheSockets() {
		assertThatExceptionOfType(InheritedSocketException.class)
			.isThrownBy(() -> ListenFds.read(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1", "LISTEN_FDNAMES", "a:b"), 42,
					"echo"))
			.withMessageContaining("Socket server 'echo'")
			.withMessageContaining("LISTEN_FDNAMES names 2 sockets but LISTEN_FDS counts 1");
	}

	@Test
	void refusesACountNoProcessCanHold() {
		assertThatExceptionOfType(InheritedSocketException.class)
			.isThrownBy(() -> ListenFds.read(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "2147483646"), 42, "echo"))
			.withMessageContaining("Socket server 'echo'")
			.withMessageContaining("LISTEN_FDS=2147483646 is more sockets than");
	}

}
