package io.github.socketserver;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;

/**
 * Run by {@link Java17CompatibilityTests} in a Java 17 JVM: serves one echo round trip in
 * {@code pool} mode on TCP and on a Unix socket, then asks for {@code virtual} mode, and
 * prints what happened, one line each; then asks 64 times for a {@code virtual} UDP
 * server, whose refusals must leave no channel open.
 */
public final class Java17Probe {

	private Java17Probe() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println("java " + Runtime.version().feature());
		ServerOptions pool = ServerOptions.builder().threading(Threading.pool(4, 4)).build();
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoHandlers.LINE_ECHO, pool);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("over tcp\n");
			System.out.println("tcp echo: " + client.readLine());
		}
		Path directory = Files.createTempDirectory("java17-probe");
		try (UnixStreamServer server = new UnixStreamServer(directory.resolve("echo.sock"), EchoHandlers.LINE_ECHO,
				pool);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("over unix\n");
			System.out.println("unix echo: " + client.readLine());
		}
		finally {
			Files.deleteIfExists(directory);
		}
		ServerOptions virtual = ServerOptions.builder().threading(Threading.virtual()).build();
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoHandlers.LINE_ECHO, virtual)) {
			server.serveForever(Duration.ofMillis(50));
			System.out.println("virtual: served");
		}
		catch (UnsupportedOperationException ex) {
			System.out.println("virtual refused: " + ex.getMessage());
		}
		long before = BaseServerTests.openDescriptors();
		for (int i = 0; i < 64; i++) {
			try (UdpServer server = new UdpServer(new InetSocketAddress("127.0.0.1", 0), EchoHandlers.DATAGRAM_ECHO,
					virtual)) {
				System.out.println("udp virtual: made");
			}
			catch (UnsupportedOperationException ex) {
				// Refused, as the TCP server was: its channel must not stay open.
			}
		}
		System.out.println("udp virtual refused without leaking: " + (BaseServerTests.openDescriptors() - before < 16));
	}

}
