package io.github.socketserver.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import org.springframework.context.ApplicationContext;

/**
 * Clients of the four kinds of server for the observability tests: each sends known
 * bytes, so that the tests can expect exact counts, and waits for the whole answer.
 * <p>
 * Every blocking read runs on a thread of its own and is bounded by {@link #TIMEOUT}: NIO
 * channels have no read timeout, and a test must fail rather than hang.
 */
public final class TestClients {

	/**
	 * How long a client waits for an answer before the test fails.
	 */
	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private TestClients() {
	}

	/**
	 * Where a running inet server of the context listens.
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
	 * Connects to a stream server, sends the text, ends the output, and reads until the
	 * server closes the connection.
	 * @param address a loopback or Unix address
	 * @param text what to send
	 * @return everything the server sent, empty if it refused the connection
	 * @throws Exception if connecting fails or the server does not close in time
	 */
	public static String stream(SocketAddress address, String text) throws Exception {
		try (SocketChannel channel = SocketChannel.open(address)) {
			try {
				channel.write(StandardCharsets.UTF_8.encode(text));
				channel.shutdownOutput();
			}
			catch (IOException ex) {
				// A refused connection may be closed before the text is out: read
				// what is left, nothing.
			}
			return readToEnd(channel);
		}
	}

	/**
	 * Opens a connection to a stream server and leaves it open, for tests of what is in
	 * flight.
	 * @param address a loopback or Unix address
	 * @param text what to send at once
	 * @return the open connection
	 * @throws IOException if connecting fails
	 */
	public static SocketChannel open(SocketAddress address, String text) throws IOException {
		SocketChannel channel = SocketChannel.open(address);
		channel.write(StandardCharsets.UTF_8.encode(text));
		return channel;
	}

	/**
	 * Reads what is left of a connection until the server closes it.
	 * @param channel the connection
	 * @return what the server sent, empty if it closed or reset the connection at once
	 * @throws Exception if the server does not close in time
	 */
	public static String readToEnd(SocketChannel channel) throws Exception {
		return bounded(channel::close, () -> {
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			ByteBuffer buffer = ByteBuffer.allocate(256);
			try {
				while (channel.read(buffer.clear()) >= 0) {
					answer.write(buffer.array(), 0, buffer.position());
				}
			}
			catch (SocketException ex) {
				// Reset by the server: the answer ends here.
			}
			return answer.toString(StandardCharsets.UTF_8);
		});
	}

	/**
	 * Sends a datagram to a UDP server and waits for the reply.
	 * @param address the server's loopback address
	 * @param text the datagram
	 * @return the reply
	 * @throws Exception if no reply comes in time
	 */
	public static String udp(InetSocketAddress address, String text) throws Exception {
		try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
			channel.bind(new InetSocketAddress("127.0.0.1", 0));
			channel.send(StandardCharsets.UTF_8.encode(text), address);
			return bounded(channel::close, () -> {
				ByteBuffer reply = ByteBuffer.allocate(65536);
				channel.receive(reply);
				return new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8);
			});
		}
	}

	/**
	 * Sends a datagram to a UDP server without waiting for anything.
	 * @param address the server's loopback address
	 * @param bytes the datagram
	 * @throws IOException if sending fails
	 */
	public static void udpSend(InetSocketAddress address, byte[] bytes) throws IOException {
		try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
			channel.bind(new InetSocketAddress("127.0.0.1", 0));
			channel.send(ByteBuffer.wrap(bytes), address);
		}
	}

	/**
	 * Sends a datagram to a Unix datagram server from a socket bound in {@code dir}, so
	 * that the server can answer, and waits for the reply.
	 * @param server the server's socket file
	 * @param client the client's socket file, which must not exist yet
	 * @param text the datagram
	 * @return the reply
	 * @throws Exception if no reply comes in time
	 */
	public static String unixDatagram(Path server, Path client, String text) throws Exception {
		try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
			channel.bind(AFUNIXSocketAddress.of(client));
			channel.send(StandardCharsets.UTF_8.encode(text), AFUNIXSocketAddress.of(server));
			return bounded(channel::close, () -> {
				ByteBuffer reply = ByteBuffer.allocate(65536);
				channel.receive(reply);
				return new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8);
			});
		}
	}

	/**
	 * Runs a blocking read on a thread of its own; if it does not end in time, closes the
	 * socket, which ends it, and fails.
	 */
	private static <T> T bounded(Closer closer, Callable<T> read) throws Exception {
		FutureTask<T> result = new FutureTask<>(read);
		Thread reader = new Thread(result, "test-client-reader");
		reader.setDaemon(true);
		reader.start();
		try {
			return result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		finally {
			if (!result.isDone()) {
				closer.close();
			}
		}
	}

	@FunctionalInterface
	private interface Closer {

		void close() throws IOException;

	}

}
