package io.github.socketserver.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.handler.StreamRequestHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;

/**
 * Loopback clients and handlers shared by the tests: one line out, one line back.
 */
final class TestSockets {

	/**
	 * How long a client waits for an answer before the test fails.
	 */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private TestSockets() {
	}

	/**
	 * A handler that reads one line and sends it back.
	 * @return the handler
	 */
	static StreamRequestHandler lineEcho() {
		return (request) -> {
			String line = request.rfile().readLine();
			if (line != null) {
				request.wfile().write(line + "\n");
			}
		};
	}

	/**
	 * Where a running inet server of the context listens, from
	 * {@code local.socketserver.<name>.port}.
	 * @param context the context
	 * @param server the server's name
	 * @return the loopback address and the server's port
	 */
	static InetSocketAddress address(ApplicationContext context, String server) {
		Integer port = context.getEnvironment()
			.getRequiredProperty("local.socketserver." + server + ".port", Integer.class);
		return new InetSocketAddress("127.0.0.1", port);
	}

	/**
	 * Sends a line to a Unix server and reads the answer.
	 * @param path the socket file
	 * @param line the line, without its end
	 * @return the answer, as {@link #exchange(SocketAddress, String)} says
	 * @throws Exception if connecting fails or no answer comes in time
	 */
	static @Nullable String exchange(Path path, String line) throws Exception {
		return exchange(UnixDomainSocketAddress.of(path), line);
	}

	/**
	 * Connects, sends a line and reads one line back.
	 * @param address a loopback or Unix address
	 * @param line the line, without its end
	 * @return the answer without its end; what came before the server closed the
	 * connection (end of stream or reset), or {@code null} if nothing came
	 * @throws Exception if connecting fails or no answer comes within {@link #TIMEOUT}
	 */
	static @Nullable String exchange(SocketAddress address, String line) throws Exception {
		try (SocketChannel channel = SocketChannel.open(address)) {
			channel.write(StandardCharsets.UTF_8.encode(line + "\n"));
			// Unix channels have no read timeout: read on a thread of its own and
			// wait for it; closing the channel ends the read if no answer comes.
			FutureTask<@Nullable String> answer = new FutureTask<>(() -> readLine(channel));
			Thread reader = new Thread(answer, "test-client-" + address);
			reader.setDaemon(true);
			reader.start();
			return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private static @Nullable String readLine(SocketChannel channel) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		ByteBuffer buffer = ByteBuffer.allocate(1);
		try {
			while (channel.read(buffer.clear()) > 0) {
				byte b = buffer.get(0);
				if (b == '\n') {
					return line.toString(StandardCharsets.UTF_8);
				}
				line.write(b);
			}
		}
		catch (SocketException ex) {
			// Reset by the server: the answer ends here.
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.UTF_8) : null;
	}

}
