package io.github.socketserver.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.FutureTask;

import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.test.SocketTestClient;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;

/**
 * What the tests of the Spring side share about the servers they start: where a server
 * listens, a line echo handler, and one-shot exchanges over a {@link SocketTestClient}.
 */
public final class TestServers {

	/**
	 * How long a test waits for something that should happen.
	 */
	public static final Duration TIMEOUT = SocketTestClient.DEFAULT_TIMEOUT;

	private TestServers() {
	}

	/**
	 * Where a running inet server of the context listens, from
	 * {@code local.socketserver.<name>.port}.
	 * @param context the context
	 * @param server the server's name
	 * @return the loopback address and the server's port
	 */
	public static InetSocketAddress address(ApplicationContext context, String server) {
		int port = context.getEnvironment()
			.getRequiredProperty("local.socketserver." + server + ".port", Integer.class);
		return new InetSocketAddress("127.0.0.1", port);
	}

	/**
	 * A handler that reads one line and sends it back.
	 * @return the handler
	 */
	public static StreamRequestHandler lineEcho() {
		return (request) -> {
			String line = request.rfile().readLine();
			if (line != null) {
				request.wfile().write(line + "\n");
			}
		};
	}

	/**
	 * Connects, sends a line and reads one line back.
	 * @param address a loopback or Unix address
	 * @param line the line, without its end
	 * @return the answer, as {@link SocketTestClient#readLine()} gives it
	 * @throws IOException if connecting fails or no answer comes in time
	 */
	public static @Nullable String exchangeLine(SocketAddress address, String line) throws IOException {
		try (SocketTestClient client = SocketTestClient.connect(address)) {
			client.sendLine(line);
			return client.readLine();
		}
	}

	/**
	 * Connects and makes one request, as {@link SocketTestClient#exchange(String)} does.
	 * @param address a loopback or Unix address
	 * @param text what to send
	 * @return everything the server sent, empty if it refused the connection
	 * @throws IOException if connecting fails or the server does not close in time
	 */
	public static String exchange(SocketAddress address, String text) throws IOException {
		try (SocketTestClient client = SocketTestClient.connect(address)) {
			return client.exchange(text);
		}
	}

	/**
	 * Connects and sends text, leaving the connection open, for tests of what is in
	 * flight.
	 * @param address a loopback or Unix address
	 * @param text what to send at once
	 * @return the open connection
	 * @throws IOException if connecting or sending fails
	 */
	public static SocketTestClient open(SocketAddress address, String text) throws IOException {
		SocketTestClient client = SocketTestClient.connect(address);
		try {
			client.send(text);
			return client;
		}
		catch (IOException ex) {
			client.close();
			throw ex;
		}
	}

	/**
	 * Connects and sends a line, and reads the answer to the end on a thread of its own:
	 * for tests of what happens to requests in flight.
	 * @param address a loopback or Unix address
	 * @param line the line, without its end
	 * @return the request in flight
	 * @throws IOException if connecting or sending fails
	 */
	public static InFlight sendInBackground(SocketAddress address, String line) throws IOException {
		SocketTestClient client = open(address, line + "\n");
		FutureTask<@Nullable String> answer = new FutureTask<>(() -> {
			try (client) {
				String text = client.readToEndAsString();
				return text.isEmpty() ? null : text;
			}
		});
		Thread reader = new Thread(answer, "test-client-" + line);
		reader.setDaemon(true);
		reader.start();
		return new InFlight(client.localAddress(), answer);
	}

	/**
	 * Sends a datagram to a UDP or Unix datagram server and receives the reply.
	 * @param address the server's loopback or Unix address
	 * @param text the datagram
	 * @return the reply
	 * @throws IOException if no reply comes in time
	 */
	public static String exchangeDatagram(SocketAddress address, String text) throws IOException {
		try (SocketTestClient client = SocketTestClient.datagram(address)) {
			client.send(text);
			return client.receiveAsString();
		}
	}

	/**
	 * A request in flight, from {@link #sendInBackground(SocketAddress, String)}.
	 *
	 * @param localAddress the client's address, as the server's log names it
	 * @param answer everything the server sent until it closed or reset the connection,
	 * {@code null} if nothing
	 */
	public record InFlight(@Nullable SocketAddress localAddress, FutureTask<@Nullable String> answer) {
	}

}
