package io.github.socketserver.test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A datagram socket that sends to one UDP or Unix datagram server and receives its
 * replies. Unix ones come from junixsocket, whose channels have a receive timeout.
 */
final class DatagramTestClient extends SocketTestClient {

	/**
	 * Larger than any datagram, so that none is cut short on receipt.
	 */
	private static final int MAX_DATAGRAM = 70_000;

	private final DatagramChannel channel;

	private final SocketAddress target;

	private final @Nullable Path directory;

	private DatagramTestClient(DatagramChannel channel, SocketAddress target, @Nullable Path directory)
			throws IOException {
		this.channel = channel;
		this.target = target;
		this.directory = directory;
		channel.socket().setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
	}

	static DatagramTestClient inet(InetSocketAddress target) throws IOException {
		boolean ipv4 = target.getAddress().getAddress().length == 4;
		DatagramChannel channel = DatagramChannel
			.open(ipv4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
		try {
			channel.bind(new InetSocketAddress(target.getAddress(), 0));
			return new DatagramTestClient(channel, target, null);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
	}

	static DatagramTestClient unix(Path server, boolean bound) throws IOException {
		AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open();
		Path directory = null;
		try {
			if (bound) {
				directory = Files.createTempDirectory("socket-test-client");
				channel.bind(AFUNIXSocketAddress.of(directory.resolve("client.sock")));
			}
			return new DatagramTestClient(channel, AFUNIXSocketAddress.of(server), directory);
		}
		catch (IOException ex) {
			channel.close();
			if (directory != null) {
				Files.deleteIfExists(directory.resolve("client.sock"));
				Files.deleteIfExists(directory);
			}
			throw ex;
		}
	}

	@Override
	public void send(byte[] bytes) throws IOException {
		this.channel.send(ByteBuffer.wrap(bytes), this.target);
	}

	@Override
	public byte[] receive() throws IOException {
		DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
		this.channel.socket().receive(packet);
		return Arrays.copyOf(packet.getData(), packet.getLength());
	}

	@Override
	public byte @Nullable [] poll(Duration wait) throws IOException {
		this.channel.socket().setSoTimeout(Math.max(1, (int) wait.toMillis()));
		try {
			return receive();
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		finally {
			this.channel.socket().setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
		}
	}

	@Override
	public @Nullable SocketAddress localAddress() throws IOException {
		if (this.directory != null) {
			// The JDK's type, not junixsocket's.
			return UnixDomainSocketAddress.of(this.directory.resolve("client.sock"));
		}
		return this.channel.getLocalAddress();
	}

	@Override
	public <T> void setOption(SocketOption<T> option, T value) throws IOException {
		this.channel.setOption(option, value);
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
		if (this.directory != null) {
			Files.deleteIfExists(this.directory.resolve("client.sock"));
			Files.deleteIfExists(this.directory);
		}
	}

	@Override
	public String toString() {
		return "datagram client of " + this.target;
	}

}
