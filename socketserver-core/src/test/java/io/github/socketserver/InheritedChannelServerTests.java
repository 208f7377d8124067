package io.github.socketserver;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers given a channel already bound, as a supervisor passes it: they serve on it as
 * it is and leave its socket file in place at close.
 */
class InheritedChannelServerTests {

	@TempDir
	Path temp;

	@Test
	void unixStreamServerServesOnTheGivenSocketAndLeavesItsFile() throws Exception {
		Path path = this.temp.resolve("given.sock");
		ServerSocketChannel bound = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		bound.bind(UnixDomainSocketAddress.of(path));
		UnixStreamServer server = new UnixStreamServer(bound, () -> EchoHandlers.LINE_ECHO,
				ServerOptions.builder().name("given").build());
		try (Serving serving = Serving.start(server)) {
			assertThat(server.isInherited()).isTrue();
			assertThat(server.path()).isEqualTo(path);
			try (SocketTestClient client = SocketTestClient.unix(path)) {
				client.sendLine("hi");
				assertThat(client.readLine()).isEqualTo("hi");
			}
		}
		server.close(Duration.ofSeconds(5));
		assertThat(Files.exists(path)).as("the supervisor's socket file").isTrue();
	}

	@Test
	void unixDatagramServerLeavesTheFileOfTheGivenSocket() throws Exception {
		Path path = this.temp.resolve("given-dgram.sock");
		AFUNIXDatagramChannel bound = AFUNIXDatagramChannel.open();
		bound.bind(AFUNIXSocketAddress.of(path));
		bound.setDeleteOnClose(false);
		UnixDatagramServer server = new UnixDatagramServer(bound, () -> EchoHandlers.DATAGRAM_ECHO,
				ServerOptions.builder().name("given").build());
		server.bindAndActivate();
		assertThat(server.path()).isEqualTo(path);
		server.close(Duration.ofSeconds(5));
		assertThat(Files.exists(path)).as("the supervisor's socket file").isTrue();
	}

}
