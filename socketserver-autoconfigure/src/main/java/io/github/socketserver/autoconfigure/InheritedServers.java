package io.github.socketserver.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.socketserver.BaseServer;
import io.github.socketserver.SocketType;
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

	/**
	 * The keys set that only binding would apply: an inherited socket is bound and set up
	 * by its supervisor. They are reported, not refused, so that one
	 * {@code application.yml} serves with and without systemd.
	 */
	List<String> ignoredKeys() {
		String prefix = "socketserver.servers." + this.name + ".";
		ServerSocketProperties socket = this.properties.getSocket();
		ServerSocketProperties defaults = new ServerSocketProperties();
		ServerSocketFileProperties socketFile = this.properties.getSocketFile();
		boolean datagram = this.properties.getType() == SocketType.DATAGRAM;
		Map<String, Boolean> keys = new LinkedHashMap<>();
		keys.put("host", this.properties.getHost() != null);
		keys.put("port", this.properties.getPort() != null);
		keys.put("path", this.properties.getPath() != null);
		keys.put("socket.reuse-address", socket.isReuseAddress() != defaults.isReuseAddress());
		keys.put("socket.reuse-port", socket.isReusePort() != defaults.isReusePort());
		keys.put("socket.queue-size", socket.getQueueSize() != defaults.getQueueSize());
		keys.put("socket.receive-buffer-size", socket.getReceiveBufferSize() != null);
		// A stream server sets the send buffer on each connection, a datagram one at
		// bind.
		keys.put("socket.send-buffer-size", datagram && socket.getSendBufferSize() != null);
		// The supervisor's socket is the only one: no others join its port.
		keys.put("datagram.receivers", datagram
				&& this.properties.getDatagram().getReceivers() != new ServerDatagramProperties().getReceivers());
		keys.put("socket-file.permissions", socketFile.getPermissions() != null);
		keys.put("socket-file.group", socketFile.getGroup() != null);
		List<String> ignored = new ArrayList<>();
		keys.forEach((key, set) -> {
			if (set) {
				ignored.add("'" + prefix + key + "'");
			}
		});
		return ignored;
	}

}
