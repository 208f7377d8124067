package io.github.socketserver.test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.github.socketserver.handler.RequestServer;

/**
 * The server a request made in memory names: a name and an address, and a note of whether
 * the handler asked it to shut down.
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

	private volatile boolean shutdownRequested;

	MockRequestServer(String name, SocketAddress serverAddress) {
		this.name = name;
		this.serverAddress = serverAddress;
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
	public void shutdown() {
		this.shutdownRequested = true;
	}

	boolean shutdownRequested() {
		return this.shutdownRequested;
	}

}
