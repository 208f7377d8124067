package io.github.socketserver.context;

import java.net.SocketAddress;
import java.util.function.Supplier;

import io.github.socketserver.BaseServer;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.listener.SocketServerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes a {@link SocketConnectionEvent} when a connection of one server opens and
 * closes.
 * <p>
 * One per server: it names the server the events come from itself, rather than asking the
 * request. Events are published on the server's own threads, the serving loop's for an
 * opened connection: an application listener that throws is logged here, so that it can
 * neither stop the server nor leave a request counted in flight.
 *
 * @since 0.1.0
 */
public class ConnectionEventPublisher implements SocketServerListener {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionEventPublisher.class);

	private final ApplicationEventPublisher events;

	private final Supplier<BaseServer<?>> server;

	/**
	 * Creates the publisher of one server's connection events.
	 * @param events where to publish them
	 * @param server the server's core server of the moment: a restart makes a new one
	 */
	public ConnectionEventPublisher(ApplicationEventPublisher events, Supplier<BaseServer<?>> server) {
		this.events = events;
		this.server = server;
	}

	@Override
	public void connectionOpened(Request request) {
		publish(new SocketConnectionEvent(this.server.get(), SocketConnectionEvent.Kind.OPENED, peer(request), null));
	}

	@Override
	public void connectionClosed(Request request, long durationNanos) {
		publish(new SocketConnectionEvent(this.server.get(), SocketConnectionEvent.Kind.CLOSED, peer(request),
				durationNanos));
	}

	private void publish(SocketConnectionEvent event) {
		try {
			this.events.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of {} events failed; server '{}' goes on", event.kind(), event.server().name(), ex);
		}
	}

	/**
	 * The socket's peer: the same address when the connection opens and when it closes,
	 * whatever its layers found.
	 */
	private static SocketAddress peer(Request request) {
		return (request instanceof StreamRequest stream) ? stream.peerAddress() : request.clientAddress();
	}

}
