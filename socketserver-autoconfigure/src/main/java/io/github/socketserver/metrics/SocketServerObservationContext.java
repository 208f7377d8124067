package io.github.socketserver.metrics;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.handler.Request;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of a request's observation: the request and the server it came to, for a
 * {@link SocketServerObservationConvention} to read its key values from, and for handlers
 * to tell it from other observations. Its error is what the handler threw.
 *
 * @since 0.1.0
 */
public final class SocketServerObservationContext extends Observation.Context {

	private final Request request;

	private final ServerKeyValues server;

	private boolean finished;

	private @Nullable KeyValues clientAddress;

	SocketServerObservationContext(Request request, ServerKeyValues server) {
		this.request = request;
		this.server = server;
		setContextualName(server.contextualName());
	}

	/**
	 * The request observed.
	 * @return the connection or the datagram
	 */
	public Request request() {
		return this.request;
	}

	/**
	 * The name of the server the request came to.
	 * @return the server's name
	 */
	public String serverName() {
		return this.server.serverName();
	}

	/**
	 * The address family of the server the request came to.
	 * @return the server's family
	 */
	public AddressFamily family() {
		return this.server.family();
	}

	/**
	 * The socket type of the server the request came to.
	 * @return the server's socket type
	 */
	public SocketType type() {
		return this.server.type();
	}

	/**
	 * Whether the handler is done with the request, so that its outcome is known: the
	 * convention is asked for key values when the observation starts and again when it
	 * stops.
	 * @return {@code true} once the handler returned or threw
	 */
	public boolean isFinished() {
		return this.finished;
	}

	void finish() {
		this.finished = true;
	}

	ServerKeyValues server() {
		return this.server;
	}

	/**
	 * The client's address as high-cardinality key values, made once per request though
	 * the convention is asked twice, and written out only when read.
	 */
	KeyValues clientAddress() {
		KeyValues clientAddress = this.clientAddress;
		if (clientAddress == null) {
			clientAddress = KeyValues.of(new ClientAddress(this.request.clientAddress()));
			this.clientAddress = clientAddress;
		}
		return clientAddress;
	}

}
