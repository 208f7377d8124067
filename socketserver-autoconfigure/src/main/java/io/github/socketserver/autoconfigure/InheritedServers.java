package io.github.socketserver.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.socketserver.BaseServer;
import io.github.socketserver.autoconfigure.SocketServerProperties.Server;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.inherit.InheritedSocket;
import io.github.socketserver.options.ServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the servers whose socket a supervisor passed ('inherit'): finds and checks the
 * socket, and says once, at the first start, which address it is bound to when 'host',
 * 'port' or 'path' are set beside it and so ignored.
 */
final class InheritedServers {

	private static final Logger logger = LoggerFactory.getLogger(InheritedServers.class);

	private final String name;

	private final Server properties;

	private final AtomicBoolean reported = new AtomicBoolean();

	InheritedServers(String name, Server properties) {
		this.name = name;
		this.properties = properties;
	}

	/**
	 * Creates a server on a fresh duplicate of the inherited socket.
	 * @param options the server's options
	 * @param handlers its handlers
	 * @return the server, to activate
	 * @throws IOException if the socket is missing, of another kind, or cannot be wrapped
	 */
	BaseServer<?> create(ServerOptions options, Supplier<RequestHandler<?>> handlers) throws IOException {
		InheritedSocket socket = (this.properties.getInherit() == InheritedSocketSource.STDIN)
				? InheritedSocket.standardInput(this.name, this.properties.getFamily(), this.properties.getType())
				: InheritedSocket.systemd(this.name, inheritName(), this.properties.getFamily(),
						this.properties.getType());
		BaseServer<?> server = socket.server(handlers, options);
		List<String> ignored = ignoredKeys();
		if (!ignored.isEmpty() && this.reported.compareAndSet(false, true)) {
			logger.info("Socket server '{}' inherits its socket ({}), bound to {}: {} ignored", this.name,
					socket.origin(), server.serverAddress(), String.join(", ", ignored));
		}
		return server;
	}

	private String inheritName() {
		String inheritName = this.properties.getInheritName();
		return (inheritName != null) ? inheritName : this.name;
	}

	private List<String> ignoredKeys() {
		String prefix = "socketserver.servers." + this.name + ".";
		List<String> ignored = new ArrayList<>();
		if (this.properties.getHost() != null) {
			ignored.add("'" + prefix + "host'");
		}
		if (this.properties.getPort() != null) {
			ignored.add("'" + prefix + "port'");
		}
		if (this.properties.getPath() != null) {
			ignored.add("'" + prefix + "path'");
		}
		return ignored;
	}

}
