package io.github.socketserver.context;

import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.handler.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes a {@link SocketConnectionEvent} when a connection opens and closes.
 * <p>
 * Events are published on the server's own threads, the serving loop's for an opened
 * connection: an application listener that throws is logged here, so that it can neither
 * stop the server nor leave a request counted in flight.
 */
public class ConnectionEventPublisher implements SocketServerListener {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionEventPublisher.class);

	private final ApplicationEventPublisher events;

	public ConnectionEventPublisher(ApplicationEventPublisher events) {
		this.events = events;
	}

	@Override
	public void connectionOpened(Request request) {
		publish(new SocketConnectionEvent(request.server(), SocketConnectionEvent.Kind.OPENED, request.clientAddress(),
				null));
	}

	@Override
	public void connectionClosed(Request request, long durationNanos) {
		publish(new SocketConnectionEvent(request.server(), SocketConnectionEvent.Kind.CLOSED, request.clientAddress(),
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

}
