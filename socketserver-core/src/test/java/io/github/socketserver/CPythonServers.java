package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.params.provider.Arguments;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers of the four families in the four threading modes for the ports of CPython's
 * {@code test_socketserver}, with one handler body for stream and datagram requests, and
 * a client that makes one request of any family.
 */
final class CPythonServers {

	static final List<String> FAMILIES = List.of("tcp", "udp", "unix-stream", "unix-datagram");

	/**
	 * The handler of a test, for a stream or a datagram server alike.
	 */
	@FunctionalInterface
	interface Handle {

		void handle(Request request) throws Exception;

	}

	/**
	 * Echoes lines on a stream, and a datagram as its reply.
	 */
	static final Handle ECHO = (request) -> {
		if (request instanceof StreamRequest stream) {
			EchoHandlers.LINE_ECHO.handle(stream);
		}
		else {
			EchoHandlers.DATAGRAM_ECHO.handle((DatagramRequest) request);
		}
	};

	private CPythonServers() {
	}

	static Stream<Arguments> familiesAndModes() {
		return arguments(List.of("sync", "thread", "virtual", "pool"));
	}

	static Stream<Arguments> familiesAndThreadingModes() {
		return arguments(List.of("thread", "virtual", "pool"));
	}

	static Stream<Arguments> families() {
		return FAMILIES.stream().map(Arguments::of);
	}

	private static Stream<Arguments> arguments(List<String> modes) {
		List<Arguments> arguments = new ArrayList<>();
		for (String family : FAMILIES) {
			for (String mode : modes) {
				arguments.add(Arguments.of(family, mode));
			}
		}
		return arguments.stream();
	}

	/**
	 * Options naming the server after its family and mode, in that mode (a test of the
	 * virtual mode is skipped before Java 21).
	 */
	static ServerOptions.Builder options(String family, String mode) {
		return ServerOptions.builder().name("cpython-" + family + "-" + mode).threading(TestThreading.of(mode));
	}

	static BaseServer<?> server(String family, Path directory, ServerOptions options, Handle handle)
			throws IOException {
		StreamRequestHandler stream = handle::handle;
		DatagramRequestHandler datagram = handle::handle;
		return switch (family) {
			case "tcp" -> new TcpServer(new InetSocketAddress("127.0.0.1", 0), stream, options);
			case "udp" -> new UdpServer(new InetSocketAddress("127.0.0.1", 0), datagram, options);
			case "unix-stream" -> new UnixStreamServer(directory.resolve("stream.sock"), stream, options);
			case "unix-datagram" -> new UnixDatagramServer(directory.resolve("datagram.sock"), datagram, options);
			default -> throw new IllegalArgumentException(family);
		};
	}

	/**
	 * Makes one request without waiting for an answer: connects, or sends a datagram from
	 * a client with no address of its own.
	 * @return the client, to close once the server has taken the request
	 */
	static AutoCloseable request(BaseServer<?> server) throws IOException {
		if (server.socketType() == SocketType.STREAM) {
			return SocketTestClient.connect(server.serverAddress());
		}
		SocketTestClient client = (server.addressFamily() == AddressFamily.UNIX)
				? SocketTestClient.unboundUnixDatagram(((UnixDomainSocketAddress) server.serverAddress()).getPath())
				: SocketTestClient.datagram(server.serverAddress());
		client.send("request".getBytes(StandardCharsets.UTF_8));
		return client;
	}

	/**
	 * Asserts that the server echoes, over a stream or with a datagram.
	 */
	static void assertEchoes(BaseServer<?> server, Path directory) throws IOException {
		String message = "hello " + server.name();
		if (server.socketType() == SocketType.STREAM) {
			try (SocketTestClient connection = SocketTestClient.connect(server.serverAddress())) {
				connection.sendLine(message);
				assertThat(connection.readLine()).isEqualTo(message);
			}
		}
		else {
			try (SocketTestClient client = SocketTestClient.datagram(server.serverAddress())) {
				client.send(message);
				assertThat(client.receiveAsString()).isEqualTo(message);
			}
		}
	}

	/**
	 * The address the server's socket is bound to, as the socket itself tells it
	 * (Python's {@code socket.getsockname()}).
	 */
	static SocketAddress boundAddress(BaseServer<?> server) throws IOException {
		SocketAddress local = ((NetworkChannel) server.channel()).getLocalAddress();
		// junixsocket's address is an InetSocketAddress that carries a path.
		if (local instanceof AFUNIXSocketAddress unix) {
			return UnixDomainSocketAddress.of(unix.getPath());
		}
		return local;
	}

}
