package io.github.socketserver;

import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.time.Duration;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.handler.RequestServer;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code self.server} as a handler gets it: the name, the address, and a stop
 * that does not wait. A handler cannot reach the server itself through it.
 */
final class RequestServerView implements RequestServer {

	private final BaseServer<?> server;

	RequestServerView(BaseServer<?> server) {
		this.server = server;
	}

	@Override
	public String name() {
		return this.server.name();
	}

	@Override
	public SocketAddress serverAddress() {
		return this.server.serverAddress();
	}

	@Override
	public void shutdown() {
		this.server.shutdown(Duration.ZERO);
	}

	@Override
	public @Nullable FrameCodec codec() {
		return this.server.options().codec();
	}

	@Override
	public Charset charset() {
		return this.server.options().charset();
	}

	@Override
	public String toString() {
		return "server '" + name() + "'";
	}

}
