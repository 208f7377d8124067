import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * The baseline of the benchmark: the thinnest server of the same design as the product (blocking
 * I/O, one virtual thread per connection), with no framework. Same protocols as the sample app:
 * the inline PING of Redis over TCP or a Unix socket, and a datagram echo: one thread receiving
 * and answering in place ({@code udp-echo}), or one thread receiving and a new virtual thread
 * answering each datagram ({@code udp-echo-threads}), the thread-per-request design with nothing
 * else around it.
 * <p>
 * Run with Java 21+:
 * {@code java BareServer.java ping-tcp 7000 | ping-unix /tmp/x.sock | udp-echo 7001 | udp-echo-threads 7002
 * | ping-tls 7003 server.p12 password}. {@code ping-tls} is the same PING over the JDK's own blocking
 * TLS socket, offering TLS 1.3 and 1.2 with the product's default cipher suites.
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
			case "ping-tls" -> acceptTlsForever(Integer.parseInt(args[1]), Path.of(args[2]), args[3].toCharArray());
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
			Thread.ofVirtual().start(() -> {
				try (connection) {
					serve(Channels.newInputStream(connection), Channels.newOutputStream(connection));
				}
				catch (IOException ex) {
					// The client went away.
				}
			});
		}
	}

	private static void acceptTlsForever(int port, Path keyStore, char[] password) throws IOException {
		SSLServerSocket server;
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keyStore)) {
				store.load(in, password);
			}
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(store, password);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, null);
			server = (SSLServerSocket) context.getServerSocketFactory()
				.createServerSocket(port, 1024, InetAddress.getByName("127.0.0.1"));
		}
		catch (GeneralSecurityException ex) {
			throw new IOException(ex);
		}
		server.setEnabledProtocols(new String[] { "TLSv1.3", "TLSv1.2" });
		server.setEnabledCipherSuites(new String[] { "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
				"TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
				"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256" });
		while (true) {
			Socket connection = server.accept();
			Thread.ofVirtual().start(() -> {
				try (connection) {
					serve(connection.getInputStream(), connection.getOutputStream());
				}
				catch (IOException ex) {
					// The client went away, or failed its handshake.
				}
			});
		}
	}

	/**
	 * Reads what is there, answers every complete line, writes the answers in one call.
	 */
	private static void serve(InputStream in, OutputStream out) {
		try {
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
