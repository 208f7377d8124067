package io.github.socketserver;

import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The life of Unix socket files: replaced when stale, refused when live or not a socket,
 * removed on close, given the asked permissions.
 */
class UnixSocketFilesTests {

	@TempDir
	Path directory;

	@Test
	void streamServerRemovesItsSocketFileOnClose() throws IOException {
		Path path = this.directory.resolve("stream.sock");
		try (UnixStreamServer server = new UnixStreamServer(path, EchoHandlers.LINE_ECHO)) {
			assertThat(path).exists();
			assertThat(server.serverAddress()).isEqualTo(UnixDomainSocketAddress.of(path));
			assertThat(server.addressFamily()).isEqualTo(AddressFamily.UNIX);
		}
		assertThat(path).doesNotExist();
	}

	@Test
	void datagramServerRemovesItsSocketFileOnClose() throws IOException {
		Path path = this.directory.resolve("dgram.sock");
		try (UnixDatagramServer server = new UnixDatagramServer(path, EchoHandlers.DATAGRAM_ECHO)) {
			assertThat(path).exists();
			assertThat(server.serverAddress()).isEqualTo(UnixDomainSocketAddress.of(path));
			assertThat(server.socketType()).isEqualTo(SocketType.DATAGRAM);
		}
		assertThat(path).doesNotExist();
	}

	@Test
	void staleStreamSocketFileIsReplaced() throws IOException {
		Path path = this.directory.resolve("stale.sock");
		leaveStaleStreamSocket(path);
		assertThat(path).exists();
		try (UnixStreamServer server = new UnixStreamServer(path, EchoHandlers.LINE_ECHO);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("fresh\n");
			assertThat(client.readLine()).isEqualTo("fresh");
		}
	}

	@Test
	void staleDatagramSocketFileIsReplaced() throws IOException {
		Path path = this.directory.resolve("stale-dgram.sock");
		try (AFUNIXDatagramChannel dead = AFUNIXDatagramChannel.open()) {
			dead.bind(AFUNIXSocketAddress.of(path));
		}
		if (!Files.exists(path)) {
			leaveStaleStreamSocket(path);
		}
		try (UnixDatagramServer server = new UnixDatagramServer(path, EchoHandlers.DATAGRAM_ECHO);
				Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.unixDatagram(path)) {
				client.send("fresh");
				assertThat(client.receiveAsString()).isEqualTo("fresh");
			}
		}
	}

	@Test
	void pathHeldByALiveServerFailsWithAddressInUseAndKeepsItsFile() throws IOException {
		Path path = this.directory.resolve("live.sock");
		try (UnixStreamServer live = new UnixStreamServer(path, EchoHandlers.LINE_ECHO);
				Serving serving = Serving.start(live)) {
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> new UnixStreamServer(path, EchoHandlers.LINE_ECHO))
				.withMessageContaining("Address already in use");
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> new UnixDatagramServer(path, EchoHandlers.DATAGRAM_ECHO))
				.withMessageContaining("Address already in use");
			assertThat(path).exists();
			try (SocketTestClient client = SocketTestClient.connect(live.serverAddress())) {
				client.send("still live\n");
				assertThat(client.readLine()).isEqualTo("still live");
			}
		}
	}

	@Test
	void pathHeldByALiveDatagramServerFailsWithAddressInUse() throws IOException {
		Path path = this.directory.resolve("live-dgram.sock");
		try (UnixDatagramServer live = new UnixDatagramServer(path, EchoHandlers.DATAGRAM_ECHO)) {
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> new UnixDatagramServer(path, EchoHandlers.DATAGRAM_ECHO))
				.withMessageContaining("Address already in use");
			assertThat(path).exists();
		}
	}

	@Test
	void pathThatIsNotASocketFailsClearlyAndIsNeverDeleted() throws IOException {
		Path path = this.directory.resolve("data.txt");
		Files.writeString(path, "precious");
		assertThatExceptionOfType(SocketFileException.class)
			.isThrownBy(() -> new UnixStreamServer(path, EchoHandlers.LINE_ECHO))
			.withMessageContaining("is not a socket")
			.satisfies((ex) -> assertThat(ex.path()).isEqualTo(path));
		assertThatExceptionOfType(SocketFileException.class)
			.isThrownBy(() -> new UnixDatagramServer(path, EchoHandlers.DATAGRAM_ECHO));
		assertThat(path).hasContent("precious");
	}

	@Test
	void socketFileGetsTheAskedPermissions() throws IOException {
		Path path = this.directory.resolve("private.sock");
		ServerOptions options = ServerOptions.builder()
			.socketFilePermissions(PosixFilePermissions.fromString("rw-------"))
			.build();
		try (UnixStreamServer server = new UnixStreamServer(path, EchoHandlers.LINE_ECHO, options)) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
		}
	}

	/**
	 * With permissions asked, the socket is bound under a private name and appears at its
	 * path only once it has them: the private name is gone, the server serves at its
	 * path, and closing removes the file.
	 */
	@Test
	void socketFileWithPermissionsAppearsOnlyAtItsPathAndServes() throws IOException {
		Path path = this.directory.resolve("staged.sock");
		ServerOptions options = ServerOptions.builder()
			.socketFilePermissions(PosixFilePermissions.fromString("rw-rw----"))
			.build();
		try (UnixStreamServer server = new UnixStreamServer(path, EchoHandlers.LINE_ECHO, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(filesIn(this.directory)).containsExactly("staged.sock");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-rw----");
			assertThat(server.serverAddress()).isEqualTo(UnixDomainSocketAddress.of(path));
			client.send("staged\n");
			assertThat(client.readLine()).isEqualTo("staged");
		}
		assertThat(filesIn(this.directory)).isEmpty();
	}

	@Test
	void datagramSocketFileWithPermissionsAppearsOnlyAtItsPathAndServes() throws IOException {
		Path path = this.directory.resolve("staged-dgram.sock");
		ServerOptions options = ServerOptions.builder()
			.socketFilePermissions(PosixFilePermissions.fromString("rw-rw----"))
			.build();
		try (UnixDatagramServer server = new UnixDatagramServer(path, EchoHandlers.DATAGRAM_ECHO, options);
				Serving serving = Serving.start(server)) {
			assertThat(filesIn(this.directory)).containsExactly("staged-dgram.sock");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-rw----");
			try (SocketTestClient client = SocketTestClient.unixDatagram(path)) {
				client.send("staged");
				assertThat(client.receiveAsString()).isEqualTo("staged");
			}
		}
		assertThat(filesIn(this.directory)).doesNotContain("staged-dgram.sock");
	}

	@Test
	void aPathTakenByAnotherFileIsLeftAloneAndNoPrivateNameIsLeft() throws IOException {
		Path path = this.directory.resolve("taken.sock");
		ServerOptions options = ServerOptions.builder()
			.socketFilePermissions(PosixFilePermissions.fromString("rw-------"))
			.build();
		Files.writeString(path, "precious");
		assertThatExceptionOfType(SocketFileException.class)
			.isThrownBy(() -> new UnixStreamServer(path, EchoHandlers.LINE_ECHO, options));
		assertThat(path).hasContent("precious");
		assertThat(filesIn(this.directory)).containsExactly("taken.sock");
	}

	private static java.util.List<String> filesIn(Path directory) throws IOException {
		try (java.util.stream.Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

	@Test
	void failedUnixBindsLeakNoFileDescriptor() throws IOException {
		Path path = this.directory.resolve("held.sock");
		try (UnixStreamServer live = new UnixStreamServer(path, EchoHandlers.LINE_ECHO)) {
			long before = BaseServerTests.openDescriptors();
			for (int i = 0; i < 1024; i++) {
				assertThatExceptionOfType(BindException.class)
					.isThrownBy(() -> new UnixStreamServer(path, EchoHandlers.LINE_ECHO));
			}
			assertThat(BaseServerTests.openDescriptors() - before).isLessThan(16);
		}
	}

	/**
	 * Binds a socket file and closes the channel: the file stays, as after a crash.
	 */
	private static void leaveStaleStreamSocket(Path path) throws IOException {
		try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			dead.bind(UnixDomainSocketAddress.of(path));
		}
	}

}
