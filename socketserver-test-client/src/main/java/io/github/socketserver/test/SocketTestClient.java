package io.github.socketserver.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A client of a socket server over a real socket, for tests: a connection to a stream
 * server ({@link #tcp(int)}, {@link #unix(Path)}) or a datagram socket that talks to a
 * datagram server ({@link #udp(int)}, {@link #unixDatagram(Path)}).
 * <p>
 * Every blocking call waits at most {@link #DEFAULT_TIMEOUT} and then throws a
 * {@link java.net.SocketTimeoutException}, so that a server that does not answer fails
 * the test instead of hanging it. A reset by the server ends the stream as a close does:
 * the test sees what the server sent, then the end (a server that closes with input left
 * unread resets the connection, and which of the two a client sees is the system's
 * choice).
 * <p>
 * Stream operations on a datagram client, and datagram operations on a stream client,
 * throw {@link UnsupportedOperationException}. Not thread-safe: one test thread per
 * client.
 *
 * @since 0.1.0
 */
public abstract class SocketTestClient implements AutoCloseable {

	/**
	 * How long a blocking call waits before it fails.
	 */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	SocketTestClient() {
	}

	/**
	 * Connects to a TCP server on 127.0.0.1.
	 * @param port the server's port
	 * @return the connected client
	 * @throws IOException if the connection fails
	 */
	public static SocketTestClient tcp(int port) throws IOException {
		return tcp("127.0.0.1", port);
	}

	/**
	 * Connects to a TCP server.
	 * @param host the server's host name or address
	 * @param port the server's port
	 * @return the connected client
	 * @throws IOException if the connection fails
	 */
	public static SocketTestClient tcp(String host, int port) throws IOException {
		return connect(new InetSocketAddress(host, port));
	}

	/**
	 * Connects to a Unix stream server.
	 * @param path the server's socket file
	 * @return the connected client
	 * @throws IOException if the connection fails
	 */
	public static SocketTestClient unix(Path path) throws IOException {
		return connect(UnixDomainSocketAddress.of(path));
	}

	/**
	 * Connects to a stream server at an address, as a server reports it: a wildcard
	 * address is reached on 127.0.0.1.
	 * @param address an inet or Unix domain address
	 * @return the connected client
	 * @throws IOException if the connection fails
	 */
	public static SocketTestClient connect(SocketAddress address) throws IOException {
		return StreamTestClient.open(reachable(address));
	}

	/**
	 * A datagram client of a UDP server on 127.0.0.1, bound to an ephemeral port so that
	 * it gets replies.
	 * @param port the server's port
	 * @return the client
	 * @throws IOException if the socket cannot be opened
	 */
	public static SocketTestClient udp(int port) throws IOException {
		return datagram(new InetSocketAddress("127.0.0.1", port));
	}

	/**
	 * A datagram client of a Unix datagram server, bound to a socket file of its own in a
	 * fresh temporary directory so that it gets replies; closing the client deletes both.
	 * @param path the server's socket file
	 * @return the client
	 * @throws IOException if the socket cannot be opened or bound
	 */
	public static SocketTestClient unixDatagram(Path path) throws IOException {
		return DatagramTestClient.unix(path, true);
	}

	/**
	 * A Unix datagram client without an address of its own: the server cannot reply to
	 * it.
	 * @param path the server's socket file
	 * @return the client
	 * @throws IOException if the socket cannot be opened
	 */
	public static SocketTestClient unboundUnixDatagram(Path path) throws IOException {
		return DatagramTestClient.unix(path, false);
	}

	/**
	 * A datagram client of a UDP or Unix datagram server at an address, as a server
	 * reports it (a wildcard address is reached on 127.0.0.1), bound so that it gets
	 * replies.
	 * @param address an inet or Unix domain address
	 * @return the client
	 * @throws IOException if the socket cannot be opened or bound
	 */
	public static SocketTestClient datagram(SocketAddress address) throws IOException {
		SocketAddress target = reachable(address);
		if (target instanceof UnixDomainSocketAddress unix) {
			return unixDatagram(unix.getPath());
		}
		return DatagramTestClient.inet((InetSocketAddress) target);
	}

	private static SocketAddress reachable(SocketAddress address) {
		if (address instanceof InetSocketAddress inet && inet.getAddress() != null
				&& inet.getAddress().isAnyLocalAddress()) {
			return new InetSocketAddress("127.0.0.1", inet.getPort());
		}
		return address;
	}

	/**
	 * Sends bytes: on a stream, as they are; on a datagram client, as one datagram.
	 * @param bytes what to send
	 * @throws IOException if sending fails
	 */
	public abstract void send(byte[] bytes) throws IOException;

	/**
	 * Sends text in UTF-8, as {@link #send(byte[])} does, with no line end added.
	 * @param text what to send
	 * @throws IOException if sending fails
	 */
	public void send(String text) throws IOException {
		send(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends a line and its end ({@code \n}).
	 * @param line the line, without its end
	 * @throws IOException if sending fails
	 */
	public void sendLine(String line) throws IOException {
		send(line + "\n");
	}

	/**
	 * Reads one line, without its end ({@code \n} or {@code \r\n}).
	 * @return the line; what came before the end of the stream if it ends within a line;
	 * {@code null} at the end of the stream
	 * @throws IOException if reading fails or times out
	 */
	public @Nullable String readLine() throws IOException {
		throw unsupported("readLine");
	}

	/**
	 * Reads one byte.
	 * @return the byte, or -1 at the end of the stream
	 * @throws IOException if reading fails or times out
	 */
	public int read() throws IOException {
		throw unsupported("read");
	}

	/**
	 * Reads until the server ends the stream.
	 * @return everything that came, empty if the server closed without sending anything
	 * @throws IOException if reading fails or the server does not close in time
	 */
	public byte[] readToEnd() throws IOException {
		throw unsupported("readToEnd");
	}

	/**
	 * Reads until the server ends the stream, as {@link #readToEnd()} does.
	 * @return everything that came, as UTF-8 text
	 * @throws IOException if reading fails or the server does not close in time
	 */
	public String readToEndAsString() throws IOException {
		return new String(readToEnd(), StandardCharsets.UTF_8);
	}

	/**
	 * One request per connection: sends the text, ends the output and reads the whole
	 * answer. A server that closes the connection before it takes the text (a refusal)
	 * gives what it sent, usually nothing, rather than an error.
	 * @param text what to send
	 * @return everything the server sent, as UTF-8 text
	 * @throws IOException if reading fails or the server does not close in time
	 */
	public String exchange(String text) throws IOException {
		throw unsupported("exchange");
	}

	/**
	 * Ends the output, as a client that has said everything does; reading goes on.
	 * @throws IOException if the socket fails
	 */
	public void shutdownOutput() throws IOException {
		throw unsupported("shutdownOutput");
	}

	/**
	 * Receives one datagram.
	 * @return the datagram
	 * @throws IOException if receiving fails or nothing comes within
	 * {@link #DEFAULT_TIMEOUT}
	 */
	public byte[] receive() throws IOException {
		throw unsupported("receive");
	}

	/**
	 * Receives one datagram, as {@link #receive()} does.
	 * @return the datagram, as UTF-8 text
	 * @throws IOException if receiving fails or nothing comes in time
	 */
	public String receiveAsString() throws IOException {
		return new String(receive(), StandardCharsets.UTF_8);
	}

	/**
	 * Receives one datagram if one comes within a wait: to show that no reply comes, or
	 * to drain what is queued.
	 * @param wait how long to wait
	 * @return the datagram, or {@code null} if none came
	 * @throws IOException if receiving fails
	 */
	public byte @Nullable [] poll(Duration wait) throws IOException {
		throw unsupported("poll");
	}

	/**
	 * The client's own address, as the server sees it as the client address.
	 * @return the local address, or {@code null} if the socket has none
	 * @throws IOException if the socket fails
	 */
	public abstract @Nullable SocketAddress localAddress() throws IOException;

	/**
	 * Sets a socket option, for example {@code SO_LINGER} 0 to reset the connection on
	 * close.
	 * @param <T> the option's type
	 * @param option the option
	 * @param value its value
	 * @throws IOException if the socket fails
	 */
	public abstract <T> void setOption(SocketOption<T> option, T value) throws IOException;

	/**
	 * Closes the socket; idempotent.
	 * @throws IOException if closing fails
	 */
	@Override
	public abstract void close() throws IOException;

	private UnsupportedOperationException unsupported(String operation) {
		return new UnsupportedOperationException(operation + " is not available on a " + this);
	}

}
