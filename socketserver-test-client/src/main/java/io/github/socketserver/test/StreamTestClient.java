package io.github.socketserver.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A connection to a TCP or Unix stream server. A TCP connection reads through its
 * socket's stream, which has a read timeout. A Unix {@code SocketChannel} has none (and
 * junixsocket's Unix sockets cannot shut down their output): it is non-blocking, and
 * every wait goes through a selector with a deadline.
 */
final class StreamTestClient extends SocketTestClient {

	private final SocketChannel channel;

	private final ByteBuffer inbox = ByteBuffer.allocate(8192).flip();

	private final @Nullable InputStream timedInput;

	private @Nullable Selector selector;

	private StreamTestClient(SocketChannel channel, @Nullable InputStream timedInput) {
		this.channel = channel;
		this.timedInput = timedInput;
	}

	static StreamTestClient open(SocketAddress address) throws IOException {
		SocketChannel channel = SocketChannel.open(address);
		try {
			if (address instanceof UnixDomainSocketAddress) {
				channel.configureBlocking(false);
				return new StreamTestClient(channel, null);
			}
			channel.socket().setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
			return new StreamTestClient(channel, channel.socket().getInputStream());
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
	}

	@Override
	public void send(byte[] bytes) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		long deadline = deadline();
		while (buffer.hasRemaining()) {
			if (this.channel.write(buffer) == 0) {
				await(SelectionKey.OP_WRITE, deadline, "the server to take what is sent");
			}
		}
	}

	@Override
	public @Nullable String readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = read(); b != '\n'; b = read()) {
			if (b < 0) {
				return (line.size() > 0) ? line.toString(StandardCharsets.UTF_8) : null;
			}
			line.write(b);
		}
		String text = line.toString(StandardCharsets.UTF_8);
		return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
	}

	@Override
	public int read() throws IOException {
		return fill() ? (this.inbox.get() & 0xFF) : -1;
	}

	@Override
	public byte[] readToEnd() throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		while (fill()) {
			received.write(this.inbox.array(), this.inbox.position(), this.inbox.remaining());
			this.inbox.position(this.inbox.limit());
		}
		return received.toByteArray();
	}

	@Override
	public String exchange(String text) throws IOException {
		try {
			send(text);
			shutdownOutput();
		}
		catch (SocketException ex) {
			// The server closed first (a refusal): what it sent, if anything, is still
			// to read.
		}
		return readToEndAsString();
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.channel.shutdownOutput();
	}

	@Override
	public @Nullable SocketAddress localAddress() throws IOException {
		return this.channel.getLocalAddress();
	}

	@Override
	public <T> void setOption(SocketOption<T> option, T value) throws IOException {
		this.channel.setOption(option, value);
	}

	@Override
	public void close() throws IOException {
		try {
			if (this.selector != null) {
				this.selector.close();
			}
		}
		finally {
			this.channel.close();
		}
	}

	@Override
	public String toString() {
		return "stream client";
	}

	/**
	 * Makes sure the inbox holds bytes, waiting for them at most the timeout.
	 * @return {@code false} at the end of the stream, or after a reset
	 */
	private boolean fill() throws IOException {
		if (this.inbox.hasRemaining()) {
			return true;
		}
		long deadline = deadline();
		while (true) {
			this.inbox.clear();
			int read;
			try {
				read = (this.timedInput != null) ? readTimed(this.timedInput) : this.channel.read(this.inbox);
			}
			catch (SocketException ex) {
				// Reset by the server: the stream ends here.
				read = -1;
			}
			this.inbox.flip();
			if (read != 0) {
				return read > 0;
			}
			await(SelectionKey.OP_READ, deadline, "an answer");
		}
	}

	private int readTimed(InputStream input) throws IOException {
		int read = input.read(this.inbox.array(), 0, this.inbox.capacity());
		this.inbox.position(Math.max(read, 0));
		return read;
	}

	private void await(int operation, long deadline, String what) throws IOException {
		long left = (deadline - System.nanoTime()) / 1_000_000;
		if (left <= 0) {
			throw new SocketTimeoutException("Waited " + DEFAULT_TIMEOUT.toMillis() + " ms for " + what);
		}
		Selector selector = this.selector;
		if (selector == null) {
			selector = Selector.open();
			this.selector = selector;
			this.channel.register(selector, operation);
		}
		else {
			this.channel.keyFor(selector).interestOps(operation);
		}
		selector.select(left);
		selector.selectedKeys().clear();
	}

	private static long deadline() {
		return System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
	}

}
