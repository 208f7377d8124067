package io.github.socketserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test clients for every family, with timeouts so that a broken server fails a test
 * rather than hangs it.
 */
public final class Clients {

	public static final int TIMEOUT_MILLIS = 10_000;

	private Clients() {
	}

	/**
	 * A stream connection to a TCP or Unix stream server, reading with a timeout.
	 */
	public static final class Connection implements AutoCloseable {

		private final SocketChannel channel;

		private final InputStream in;

		Connection(SocketAddress address) throws IOException {
			if (address instanceof UnixDomainSocketAddress) {
				this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
				this.channel.connect(address);
				this.in = Channels.newInputStream(this.channel);
			}
			else {
				InetSocketAddress inet = (InetSocketAddress) address;
				this.channel = SocketChannel.open(inet);
				this.channel.socket().setSoTimeout(TIMEOUT_MILLIS);
				this.in = this.channel.socket().getInputStream();
			}
		}

		public void send(String text) throws IOException {
			send(text.getBytes(StandardCharsets.UTF_8));
		}

		public void send(byte[] bytes) throws IOException {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		}

		/**
		 * Reads one line without its end, or {@code null} at the end of the stream.
		 */
		public String readLine() throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
				if (b < 0) {
					return (line.size() > 0) ? line.toString(StandardCharsets.UTF_8) : null;
				}
				line.write(b);
			}
			return line.toString(StandardCharsets.UTF_8).replaceFirst("\r$", "");
		}

		public byte[] readExactly(int length) throws IOException {
			return this.in.readNBytes(length);
		}

		/**
		 * Reads until the server closes, and returns what came.
		 */
		public byte[] readToEnd() throws IOException {
			return this.in.readAllBytes();
		}

		public int read() throws IOException {
			return this.in.read();
		}

		public void shutdownOutput() throws IOException {
			this.channel.shutdownOutput();
		}

		public SocketChannel channel() {
			return this.channel;
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

	public static Connection connect(BaseServer<?> server) throws IOException {
		return new Connection(connectable(server.serverAddress()));
	}

	/**
	 * Where a client reaches a server bound to a wildcard address.
	 */
	public static SocketAddress connectable(SocketAddress address) {
		if (address instanceof InetSocketAddress inet && inet.getAddress().isAnyLocalAddress()) {
			return new InetSocketAddress("127.0.0.1", inet.getPort());
		}
		return address;
	}

	/**
	 * Sends a datagram to a UDP or Unix datagram server and returns the reply, or
	 * {@code null} if none comes within the timeout.
	 * @param server the server
	 * @param payload the datagram
	 * @param clientPath for a Unix datagram server, where the client binds; {@code null}
	 * not to bind
	 * @param timeoutMillis how long to wait for the reply
	 */
	public static byte[] exchangeDatagram(BaseServer<?> server, byte[] payload, Path clientPath, int timeoutMillis)
			throws IOException {
		if (server.addressFamily() == AddressFamily.UNIX) {
			try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
				if (clientPath != null) {
					channel.bind(AFUNIXSocketAddress.of(clientPath));
				}
				channel.socket().setSoTimeout(timeoutMillis);
				Path serverPath = ((UnixDomainSocketAddress) server.serverAddress()).getPath();
				channel.send(ByteBuffer.wrap(payload), AFUNIXSocketAddress.of(serverPath));
				if (clientPath == null) {
					return null;
				}
				return receive(channel, timeoutMillis);
			}
		}
		InetSocketAddress address = (InetSocketAddress) connectable(server.serverAddress());
		try (DatagramChannel channel = DatagramChannel.open((address.getAddress().getAddress().length == 4)
				? StandardProtocolFamily.INET : StandardProtocolFamily.INET6)) {
			channel.socket().setSoTimeout(timeoutMillis);
			channel.send(ByteBuffer.wrap(payload), address);
			return receive(channel, timeoutMillis);
		}
	}

	private static byte[] receive(DatagramChannel channel, int timeoutMillis) throws IOException {
		java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[70_000], 70_000);
		try {
			channel.socket().receive(packet);
		}
		catch (java.net.SocketTimeoutException ex) {
			return null;
		}
		byte[] data = new byte[packet.getLength()];
		System.arraycopy(packet.getData(), 0, data, 0, packet.getLength());
		return data;
	}

	/**
	 * Asserts that the server closed the connection: the client reads the end of the
	 * stream, or a reset when the server closed with input left unread.
	 */
	static void assertClosedByServer(Connection connection) {
		try {
			assertThat(connection.readToEnd()).isEmpty();
		}
		catch (IOException ex) {
			assertThat(ex).hasMessageContaining("reset");
		}
	}

	/**
	 * A datagram client of a UDP or Unix datagram server, that can send several datagrams
	 * from one socket.
	 */
	static final class DatagramClient implements AutoCloseable {

		private final DatagramChannel channel;

		private final SocketAddress target;

		/**
		 * @param server the server
		 * @param clientPath for a Unix datagram server, where the client binds;
		 * {@code null} not to bind
		 */
		DatagramClient(BaseServer<?> server, Path clientPath) throws IOException {
			if (server.addressFamily() == AddressFamily.UNIX) {
				this.channel = AFUNIXDatagramChannel.open();
				if (clientPath != null) {
					this.channel.bind(AFUNIXSocketAddress.of(clientPath));
				}
				this.target = AFUNIXSocketAddress.of(((UnixDomainSocketAddress) server.serverAddress()).getPath());
			}
			else {
				InetSocketAddress address = (InetSocketAddress) connectable(server.serverAddress());
				this.channel = DatagramChannel.open((address.getAddress().getAddress().length == 4)
						? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
				this.target = address;
			}
			this.channel.socket().setSoTimeout(TIMEOUT_MILLIS);
		}

		void send(byte[] payload) throws IOException {
			this.channel.send(ByteBuffer.wrap(payload), this.target);
		}

		/**
		 * The next datagram, or {@code null} if none comes within the timeout.
		 */
		byte[] receive() throws IOException {
			return Clients.receive(this.channel, TIMEOUT_MILLIS);
		}

		/**
		 * A datagram already queued for this client, or {@code null} if none comes within
		 * {@code timeoutMillis}: to drain a queue, not to wait for a reply.
		 */
		byte[] receiveQueued(int timeoutMillis) throws IOException {
			this.channel.socket().setSoTimeout(timeoutMillis);
			try {
				return Clients.receive(this.channel, timeoutMillis);
			}
			finally {
				this.channel.socket().setSoTimeout(TIMEOUT_MILLIS);
			}
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

	public static boolean ipv6Loopback() {
		try (Socket ignored = new Socket()) {
			java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("::1"));
			server.close();
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
