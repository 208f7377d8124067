package io.github.socketserver.context;

import io.github.socketserver.SocketServerListener;
import io.github.socketserver.handler.Request;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes a {@link SocketConnectionEvent} when a connection opens and closes.
 */
public class ConnectionEventPublisher implements SocketServerListener {

	private final ApplicationEventPublisher events;

	public ConnectionEventPublisher(ApplicationEventPublisher events) {
		this.events = events;
	}

	@Override
	public void connectionOpened(Request request) {
		this.events.publishEvent(new SocketConnectionEvent(request.server(), SocketConnectionEvent.Kind.OPENED,
				request.clientAddress(), null));
	}

	@Override
	public void connectionClosed(Request request, long durationNanos) {
		this.events.publishEvent(new SocketConnectionEvent(request.server(), SocketConnectionEvent.Kind.CLOSED,
				request.clientAddress(), durationNanos));
	}

}
