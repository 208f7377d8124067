package io.github.socketserver.context;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import io.github.socketserver.TcpServer;
import io.github.socketserver.options.ServerOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketAddresses}: addresses written as users write them.
 */
class SocketAddressesTests {

	@Test
	void writesAnInetAddressAsHostAndPortAndAnInet6HostInBrackets() {
		assertThat(SocketAddresses.describe(new InetSocketAddress("127.0.0.1", 9000))).isEqualTo("127.0.0.1:9000");
		assertThat(SocketAddresses.describe(new InetSocketAddress("::1", 9000))).isEqualTo("[0:0:0:0:0:0:0:1]:9000");
	}

	@Test
	void writesASocketFileAsItsPath() {
		Path path = Path.of("/tmp/echo.sock");
		assertThat(SocketAddresses.describe(UnixDomainSocketAddress.of(path))).isEqualTo(path.toString());
	}

	@Test
	void writesTheBoundAddressOfAServerAndTheRequestedOneBeforeItBinds() throws Exception {
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), () -> (request) -> {
		}, ServerOptions.builder().name("s").build(), false)) {
			assertThat(SocketAddresses.describe(server)).isEqualTo("127.0.0.1:0");
			server.bindAndActivate();
			int port = ((InetSocketAddress) server.serverAddress()).getPort();
			assertThat(SocketAddresses.describe(server)).isEqualTo("127.0.0.1:" + port).isNotEqualTo("127.0.0.1:0");
		}
	}

}
