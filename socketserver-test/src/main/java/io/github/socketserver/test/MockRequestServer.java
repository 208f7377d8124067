package io.github.socketserver.test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.Charset;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.handler.RequestServer;
import org.jspecify.annotations.Nullable;

/**
 * The server a request made in memory names: a name, an address, a codec and a charset,
 * and a note of whether the handler asked it to shut down.
 */
final class MockRequestServer implements RequestServer {

	/**
	 * The client's address a mock request has unless the test sets one.
	 */
	static final SocketAddress DEFAULT_CLIENT_ADDRESS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 54321);

	/**
	 * The server's name a mock request has unless the test sets one.
	 */
	static final String DEFAULT_NAME = "test";

	/**
	 * The server's address a mock request has unless the test sets one.
	 */
	static final SocketAddress DEFAULT_ADDRESS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9000);

	private final String name;

	private final SocketAddress serverAddress;

	private final @Nullable FrameCodec codec;

	private final Charset charset;

	private volatile boolean shutdownRequested;

	MockRequestServer(String name, SocketAddress serverAddress, @Nullable FrameCodec codec, Charset charset) {
		this.name = name;
		this.serverAddress = serverAddress;
		this.codec = codec;
		this.charset = charset;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public SocketAddress serverAddress() {
		return this.serverAddress;
	}

	@Override
	public @Nullable FrameCodec codec() {
		return this.codec;
	}

	@Override
	public Charset charset() {
		return this.charset;
	}

	@Override
	public void shutdown() {
		this.shutdownRequested = true;
	}

	boolean shutdownRequested() {
		return this.shutdownRequested;
	}

}
