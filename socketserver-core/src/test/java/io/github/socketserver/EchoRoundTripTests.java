package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * CPython's echo round trip: three clients in turn, for every family and threading mode.
 */
class EchoRoundTripTests {

	@TempDir
	Path directory;

	static Stream<Arguments> familiesAndModes() {
		List<Arguments> arguments = new ArrayList<>();
		for (String family : List.of("tcp4", "tcp6", "udp4", "udp6", "unix-stream", "unix-datagram")) {
			for (String mode : List.of("sync", "thread", "virtual", "pool")) {
				arguments.add(Arguments.of(family, mode));
			}
		}
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("familiesAndModes")
	void echoesThreeClientsInTurn(String family, String mode) throws IOException {
		assumeTrue(!family.endsWith("6") || Loopback.ipv6Available(), "IPv6 loopback is not available");
		ServerOptions options = ServerOptions.builder()
			.name("echo-" + family)
			.threading(TestThreading.of(mode))
			.build();
		try (BaseServer<?> server = server(family, options); Serving serving = Serving.start(server)) {
			for (int client = 0; client < 3; client++) {
				String message = "hello " + client + " from " + family;
				if (server.socketType() == SocketType.STREAM) {
					try (SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
						connection.send(message + "\n");
						assertThat(connection.readLine()).isEqualTo(message);
					}
				}
				else {
					try (SocketTestClient datagrams = SocketTestClient.datagram(server.serverAddress())) {
						datagrams.send(message);
						assertThat(datagrams.receiveAsString()).isEqualTo(message);
					}
				}
			}
		}
	}

	private BaseServer<?> server(String family, ServerOptions options) throws IOException {
		return switch (family) {
			case "tcp4" -> new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoHandlers.LINE_ECHO, options);
			case "tcp6" -> new TcpServer(new InetSocketAddress("::1", 0), EchoHandlers.LINE_ECHO, options);
			case "udp4" -> new UdpServer(new InetSocketAddress("127.0.0.1", 0), EchoHandlers.DATAGRAM_ECHO, options);
			case "udp6" -> new UdpServer(new InetSocketAddress("::1", 0), EchoHandlers.DATAGRAM_ECHO, options);
			case "unix-stream" ->
				new UnixStreamServer(this.directory.resolve("echo.sock"), EchoHandlers.LINE_ECHO, options);
			case "unix-datagram" ->
				new UnixDatagramServer(this.directory.resolve("echo-dgram.sock"), EchoHandlers.DATAGRAM_ECHO, options);
			default -> throw new IllegalArgumentException(family);
		};
	}

}
