package io.github.socketserver.test;

import java.net.SocketAddress;

import io.github.socketserver.handler.RequestServer;

/**
 * The server a request made in memory names: a name and an address, and a note of whether
 * the handler asked it to shut down.
 */
final class MockRequestServer implements RequestServer {

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
