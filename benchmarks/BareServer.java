import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The baseline of the benchmark: the thinnest server of the same design as the product (blocking
 * I/O, one virtual thread per connection), with no framework. Same protocols as the sample app:
 * the inline PING of Redis over TCP or a Unix socket, and a datagram echo: one thread receiving
 * and answering in place ({@code udp-echo}), or one thread receiving and a new virtual thread
 * answering each datagram ({@code udp-echo-threads}), the thread-per-request design with nothing
 * else around it.
 * <p>
 * Run with Java 21+:
 * {@code java BareServer.java ping-tcp 7000 | ping-unix /tmp/x.sock | udp-echo 7001 | udp-echo-threads 7002}.
 */
public class BareServer {

	private static final byte[] PONG = "+PONG\r\n".getBytes();

	public static void main(String[] args) throws IOException {
		switch (args[0]) {
			case "ping-tcp" -> {
				ServerSocketChannel server = ServerSocketChannel.open();
				server.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), 1024);
				acceptForever(server);
			}
			case "ping-unix" -> {
				Path path = Path.of(args[1]);
				Files.deleteIfExists(path);
				ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
				server.bind(UnixDomainSocketAddress.of(path), 1024);
				acceptForever(server);
			}
			case "udp-echo" -> receiveForever(Integer.parseInt(args[1]), false);
			case "udp-echo-threads" -> receiveForever(Integer.parseInt(args[1]), true);
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

	/**
	 * Receives datagrams on one thread and echoes each: in place, or from a new virtual thread
	 * per datagram.
	 */
	private static void receiveForever(int port, boolean threadEach) throws IOException {
		DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
		channel.bind(new InetSocketAddress("127.0.0.1", port));
		ByteBuffer buffer = ByteBuffer.allocateDirect(8192);
		while (true) {
			buffer.clear();
			SocketAddress client = channel.receive(buffer);
			buffer.flip();
			if (!threadEach) {
				channel.send(buffer, client);
				continue;
			}
			byte[] datagram = new byte[buffer.remaining()];
			buffer.get(datagram);
			Thread.ofVirtual().start(() -> {
				try {
					channel.send(ByteBuffer.wrap(datagram), client);
				}
				catch (IOException ex) {
					// The client went away.
				}
			});
		}
	}

	private static void acceptForever(ServerSocketChannel server) throws IOException {
		while (true) {
			SocketChannel connection = server.accept();
			Thread.ofVirtual().start(() -> serve(connection));
		}
	}

	/**
	 * Reads what is there, answers every complete line, writes the answers in one call.
	 */
	private static void serve(SocketChannel connection) {
		try (connection; InputStream in = Channels.newInputStream(connection);
				OutputStream out = Channels.newOutputStream(connection)) {
			byte[] input = new byte[8192];
			byte[] output = new byte[8192];
			int buffered = 0;
			while (true) {
				int count = in.read(input, buffered, input.length - buffered);
				if (count < 0) {
					return;
				}
				buffered += count;
				int start = 0;
				int written = 0;
				for (int i = 0; i < buffered; i++) {
					if (input[i] == '\n') {
						int end = (i > start && input[i - 1] == '\r') ? i - 1 : i;
						boolean ping = end - start == 4 && (input[start] | 0x20) == 'p' && (input[start + 1] | 0x20) == 'i'
								&& (input[start + 2] | 0x20) == 'n' && (input[start + 3] | 0x20) == 'g';
						byte[] reply = ping ? PONG : "-ERR unknown command\r\n".getBytes();
						if (written + reply.length > output.length) {
							out.write(output, 0, written);
							written = 0;
						}
						System.arraycopy(reply, 0, output, written, reply.length);
						written += reply.length;
						start = i + 1;
					}
				}
				if (written > 0) {
					out.write(output, 0, written);
				}
				System.arraycopy(input, start, input, 0, buffered - start);
				buffered -= start;
				if (buffered == input.length) {
					return; // a line longer than the buffer: refuse, as the sample's bound does
				}
			}
		}
		catch (IOException ex) {
			// The client went away.
		}
	}

}
