package io.github.socketserver.inherit;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.inherit.ListenFds.PassedSocket;
import io.github.socketserver.inherit.SocketProbe.SocketKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SameNamedSockets}: the sockets of one {@code .socket} unit share its
 * {@code FileDescriptorName=}, and each server takes the one of its family and type.
 */
class SameNamedSocketsTests {

	private static final List<PassedSocket> NAMED = List.of(new PassedSocket(3, "echo"), new PassedSocket(4, "echo"),
			new PassedSocket(5, "echo"));

	/** An IPv4 and an IPv6 TCP socket on one port, and a Unix stream path. */
	private static final Map<Integer, SocketKind> KINDS = Map.of(3,
			new SocketKind(AddressFamily.INET, SocketType.STREAM, true), 4,
			new SocketKind(AddressFamily.INET6, SocketType.STREAM, true), 5,
			new SocketKind(AddressFamily.UNIX, SocketType.STREAM, true));

	@Test
	void takesTheSocketOfTheServersFamilyAndType() throws Exception {
		assertThat(choose(AddressFamily.INET, SocketType.STREAM, KINDS)).isEqualTo(NAMED.get(0));
		assertThat(choose(AddressFamily.INET6, SocketType.STREAM, KINDS)).isEqualTo(NAMED.get(1));
		assertThat(choose(AddressFamily.UNIX, SocketType.STREAM, KINDS)).isEqualTo(NAMED.get(2));
	}

	@Test
	void refusesWhenNoneIsOfTheServersKind() {
		assertThatExceptionOfType(InheritedSocketException.class)
			.isThrownBy(() -> choose(AddressFamily.INET, SocketType.DATAGRAM, KINDS))
			.withMessageContaining("Socket server 'echo' is declared inet datagram")
			.withMessageContaining("3 sockets named 'echo'")
			.withMessageContaining("descriptor 4: inet6 stream, listening")
			.withMessageContaining("none of them")
			.withMessageContaining("'inherit-name'");
	}

	@Test
	void refusesWhenSeveralAreOfTheServersKind() {
		Map<Integer, SocketKind> twice = Map.of(3, KINDS.get(3), 4, KINDS.get(3), 5, KINDS.get(5));
		assertThatExceptionOfType(InheritedSocketException.class)
			.isThrownBy(() -> choose(AddressFamily.INET, SocketType.STREAM, twice))
			.withMessageContaining("2 of them inet stream");
	}

	private static PassedSocket choose(AddressFamily family, SocketType type, Map<Integer, SocketKind> kinds)
			throws InheritedSocketException {
		return SameNamedSockets.choose("echo", "echo", NAMED, family, type, "LISTEN_FDS=3", (descriptor) -> {
			SocketKind kind = kinds.get(descriptor);
			if (kind == null) {
				throw new IOException("descriptor " + descriptor + " is not open");
			}
			return kind;
		});
	}

}
