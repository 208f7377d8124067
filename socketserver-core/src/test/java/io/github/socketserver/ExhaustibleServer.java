package io.github.socketserver;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.threading.Threading;

/**
 * A line-echo server for {@link DescriptorExhaustionTests} to run in a child JVM under a
 * small descriptor limit, or for {@link LoadTests} to hold connections apart from the
 * test's descriptors: prints its port, then serves until killed. Its argument is the
 * listen backlog.
 */
final class ExhaustibleServer {

	private ExhaustibleServer() {
	}

	public static void main(String[] args) throws Exception {
		TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), EchoHandlers.LINE_ECHO,
				ServerOptions.builder()
					.name("exhaustible")
					.threading(Threading.virtual())
					.requestQueueSize(Integer.parseInt(args[0]))
					.build());
		System.out.println("PORT " + ((InetSocketAddress) server.serverAddress()).getPort());
		System.out.flush();
		server.serveForever(Duration.ofMillis(500));
	}

}
