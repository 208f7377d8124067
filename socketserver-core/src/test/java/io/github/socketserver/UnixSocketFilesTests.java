package io.github.socketserver;

import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.options.SocketFileOptions;
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

	/**
	 * An operator removed the first server's file and a second server bound the path:
	 * closing the first leaves the second's socket, which still serves.
	 */
	@Test
	void aSocketFileReplacedByAnotherServerIsNotDeletedWhenTheFirstCloses() throws IOException {
		Path path = this.directory.resolve("replaced.sock");
		UnixStreamServer first = new UnixStreamServer(path, EchoHandlers.LINE_ECHO);
		try {
			Files.delete(path);
			try (UnixStreamServer second = new UnixStreamServer(path, EchoHandlers.LINE_ECHO);
					Serving serving = Serving.start(second)) {
				first.close();
				assertThat(path).exists();
				try (SocketTestClient client = SocketTestClient.unix(path)) {
					client.send("second\n");
					assertThat(client.readLine()).isEqualTo("second");
				}
			}
			assertThat(path).doesNotExist();
		}
		finally {
			first.close();
		}
	}

	@Test
	void aDatagramSocketFileReplacedByAnotherServerIsNotDeletedWhenTheFirstCloses() throws IOException {
		Path path = this.directory.resolve("replaced-dgram.sock");
		UnixDatagramServer first = new UnixDatagramServer(path, EchoHandlers.DATAGRAM_ECHO);
		try {
			Files.delete(path);
			try (UnixDatagramServer second = new UnixDatagramServer(path, EchoHandlers.DATAGRAM_ECHO)) {
				first.close();
				assertThat(path).exists();
			}
			assertThat(path).doesNotExist();
		}
		finally {
			first.close();
		}
	}

	/**
	 * A server that finds another's socket at its path leaves it where it is: clients of
	 * the other server connecting all along never find the path empty.
	 */
	@Test
	void removingAFileThatIsAnothersNeverTakesItAwayFromItsClients() throws Exception {
		Path path = this.directory.resolve("busy.sock");
		try (ServerSocketChannel first = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			Object firstIdentity = UnixSocketFiles.bind(path, SocketFileOptions.DEFAULTS,
					(at) -> first.bind(UnixDomainSocketAddress.of(path)));
			Files.delete(path);
			try (ServerSocketChannel second = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
				second.bind(UnixDomainSocketAddress.of(path));
				Thread acceptor = new Thread(() -> acceptAndClose(second));
				acceptor.setDaemon(true);
				acceptor.start();
				AtomicInteger connects = new AtomicInteger();
				AtomicInteger failures = new AtomicInteger();
				AtomicBoolean closing = new AtomicBoolean(true);
				Thread connector = new Thread(() -> {
					while (closing.get()) {
						try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
							connects.incrementAndGet();
						}
						catch (IOException ex) {
							failures.incrementAndGet();
						}
					}
				});
				connector.start();
				try {
					for (int round = 0; round < 2_000; round++) {
						UnixSocketFiles.remove(path, firstIdentity);
					}
				}
				finally {
					closing.set(false);
					connector.join();
				}
				assertThat(connects).hasPositiveValue();
				assertThat(failures).hasValue(0);
				assertThat(filesIn(this.directory)).containsExactly("busy.sock");
			}
		}
	}

	private static void acceptAndClose(ServerSocketChannel server) {
		try {
			while (true) {
				server.accept().close();
			}
		}
		catch (IOException ex) {
			// The server closed: the test is over.
		}
	}

	/**
	 * Two servers start together on a stale file: the first finds it stale, the second
	 * removes it and binds (its socket may even get the stale file's inode). The first
	 * then removes the file only if it is still stale once taken aside: the second's
	 * socket, met at the path instead, stays and serves.
	 */
	@Test
	void aStaleFileReplacedAfterItWasCheckedIsNotRemoved() throws Exception {
		Path path = this.directory.resolve("raced.sock");
		leaveStaleStreamSocket(path);
		try (UnixStreamServer second = new UnixStreamServer(path, EchoHandlers.LINE_ECHO);
				Serving serving = Serving.start(second)) {
			assertThat(UnixSocketFiles.removeIfStale(path)).isFalse();
			assertThat(filesIn(this.directory)).containsExactly("raced.sock");
			try (SocketTestClient client = SocketTestClient.unix(path)) {
				client.send("second\n");
				assertThat(client.readLine()).isEqualTo("second");
			}
		}
	}

	/**
	 * A symbolic link at the path, to a socket file or to any other file, is neither
	 * followed nor removed: the server refuses to start and both stay as they were.
	 */
	@Test
	void aSymbolicLinkAtThePathIsNotFollowed() throws IOException {
		Path target = this.directory.resolve("target.sock");
		leaveStaleStreamSocket(target);
		Path link = Files.createSymbolicLink(this.directory.resolve("link.sock"), target);
		ServerOptions options = ServerOptions.builder()
			.socketFilePermissions(PosixFilePermissions.fromString("rw-rw-rw-"))
			.build();
		assertThatExceptionOfType(SocketFileException.class)
			.isThrownBy(() -> new UnixStreamServer(link, EchoHandlers.LINE_ECHO, options));
		assertThat(Files.isSymbolicLink(link)).isTrue();
		assertThat(target).exists();
	}

	/**
	 * Something puts a symbolic link where the socket was just bound, before its
	 * permissions are set: the permissions are not set through the link, and the bind
	 * fails.
	 */
	@Test
	void permissionsAreNeverSetThroughASymbolicLink() throws IOException {
		Path victim = Files.writeString(this.directory.resolve("victim.txt"), "private");
		Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
		Path path = this.directory.resolve("linked.sock");
		SocketFileOptions options = new SocketFileOptions(PosixFilePermissions.fromString("rw-rw-rw-"), null);
		try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> UnixSocketFiles.bind(path, options, (at) -> {
				channel.bind(UnixDomainSocketAddress.of(at));
				Files.delete(at);
				Files.createSymbolicLink(at, victim);
			}));
		}
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).isEqualTo("rw-------");
		assertThat(path).doesNotExist();
	}

	/**
	 * The moment a socket is bound, a client can connect to it if it can reach its name.
	 * The binder below runs at that moment and finds (1) that the public path does not
	 * exist yet and (2) that the name bound is in a directory only its owner may enter,
	 * so no other user can connect; the public path then appears as a link to a file that
	 * already has the asked mode. Together they prove that the first client that can
	 * connect finds the configured mode.
	 */
	@Test
	void theSocketFileHasItsModeFromTheFirstMomentAClientCouldConnect() throws IOException {
		Path path = this.directory.resolve("mode.sock");
		SocketFileOptions options = new SocketFileOptions(PosixFilePermissions.fromString("rw-rw----"), null);
		try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			UnixSocketFiles.bind(path, options, (at) -> {
				channel.bind(UnixDomainSocketAddress.of(at));
				assertThat(path).doesNotExist();
				assertThat(at.getParent()).isNotEqualTo(this.directory);
				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(at.getParent())))
					.isEqualTo("rwx------");
				assertThat(Files.getOwner(at.getParent())).isEqualTo(Files.getOwner(this.directory));
			});
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-rw----");
			assertThat(filesIn(this.directory)).containsExactly("mode.sock");
		}
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
