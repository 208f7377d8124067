package io.github.socketserver.inherit;

import java.time.Duration;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.BaseServer;
import io.github.socketserver.EchoHandlers;
import io.github.socketserver.SocketType;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.threading.Threading;

/**
 * An echo server that inherits its socket, run in a child JVM by {@link SocketLauncher}:
 * arguments {@code systemd|stdin FAMILY TYPE NAME}. Prints "SERVING <address>" once it
 * serves, or the report and exit code 2 if it cannot take its socket; SIGTERM closes it
 * gracefully, as a supervisor's stop does.
 */
final class InheritingServer {

	private InheritingServer() {
	}

	public static void main(String[] args) throws Exception {
		AddressFamily family = AddressFamily.valueOf(args[1].toUpperCase());
		SocketType type = SocketType.valueOf(args[2].toUpperCase());
		ServerOptions options = ServerOptions.builder()
			.name("echo")
			.threading(Threading.thread())
			.shutdownTimeout(Duration.ofSeconds(20))
			.build();
		BaseServer<?> server;
		try {
			InheritedSocket socket = args[0].equals("stdin") ? InheritedSocket.standardInput("echo", family, type)
					: InheritedSocket.systemd("echo", args[3], family, type);
			server = (type == SocketType.STREAM) ? socket.streamServer(() -> EchoHandlers.LINE_ECHO, options)
					: socket.datagramServer(() -> EchoHandlers.DATAGRAM_ECHO, options);
			server.bindAndActivate();
		}
		catch (InheritedSocketException ex) {
			System.out.println("FAILED " + ex.getMessage());
			System.exit(2);
			return;
		}
		BaseServer<?> serving = server;
		Thread serveThread = Thread.currentThread();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			serving.close(Duration.ofSeconds(20));
			try {
				serveThread.join(20_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}));
		System.out.println("SERVING " + server.serverAddress() + " inherited=" + server.isInherited());
		System.out.flush();
		server.serveForever(Duration.ofMillis(500));
		System.out.println("STOPPED");
		System.out.flush();
	}

}
