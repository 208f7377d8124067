package io.github.socketserver.metrics;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Locale;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.SocketType;
import io.github.socketserver.handler.Request;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * One {@link Observation} named {@value #NAME} per request (a connection or a datagram),
 * in scope on the handler's thread, so that Micrometer Tracing shows a span per request
 * and logs carry its trace id.
 * <p>
 * Low-cardinality keys: {@code server.name}, {@code family}, {@code type},
 * {@code outcome}; high-cardinality: {@code client.address}, as users write it
 * ({@code 127.0.0.1:40123}, or a socket file's path, empty for an unnamed Unix client).
 * With a no-op registry nothing is created.
 */
public class SocketServerObservations implements SocketServerListener {

	/**
	 * The observation's name.
	 */
	public static final String NAME = "socketserver.request";

	private final ObservationRegistry registry;

	private final KeyValues lowCardinality;

	private final String contextualName;

	public SocketServerObservations(ObservationRegistry registry, String serverName, AddressFamily family,
			SocketType type) {
		this.registry = registry;
		this.lowCardinality = KeyValues.of("server.name", serverName, "family", family.name().toLowerCase(Locale.ROOT),
				"type", type.name().toLowerCase(Locale.ROOT));
		this.contextualName = "socketserver " + serverName;
	}

	@Override
	public @Nullable Object requestStarted(Request request) {
		if (this.registry.isNoop()) {
			return null;
		}
		Observation observation = Observation.createNotStarted(NAME, () -> new RequestContext(request), this.registry)
			.contextualName(this.contextualName)
			.lowCardinalityKeyValues(this.lowCardinality)
			.highCardinalityKeyValue(new ClientAddress(request.clientAddress()))
			.start();
		return new InFlight(observation, observation.openScope());
	}

	@Override
	public void requestFinished(Request request, @Nullable Object state, @Nullable Throwable failure,
			long durationNanos) {
		if (state instanceof InFlight inFlight) {
			inFlight.scope().close();
			Observation observation = inFlight.observation();
			observation.lowCardinalityKeyValue("outcome", (failure != null) ? "error" : "success");
			if (failure != null) {
				observation.error(failure);
			}
			observation.stop();
		}
	}

	/**
	 * Writes a client's address as users write it, rather than as its class prints it.
	 */
	static String describe(@Nullable SocketAddress address) {
		// Before InetSocketAddress: junixsocket's addresses extend it.
		if (address instanceof AFUNIXSocketAddress unix) {
			return unix.getPath();
		}
		if (address instanceof UnixDomainSocketAddress unix) {
			return unix.getPath().toString();
		}
		if (address instanceof InetSocketAddress inet) {
			String host = (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
			return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
		}
		return String.valueOf(address);
	}

	/**
	 * The context of a request's observation, so that handlers and conventions can tell
	 * it from others and reach the request.
	 */
	public static final class RequestContext extends Observation.Context {

		private final Request request;

		RequestContext(Request request) {
			this.request = request;
		}

		/**
		 * The request observed.
		 * @return the connection or datagram
		 */
		public Request request() {
			return this.request;
		}

	}

	private record InFlight(Observation observation, Observation.Scope scope) {
	}

	/**
	 * The client's address as a key value written out only when a handler reads it (a
	 * tracer, at the end of the span): meters never do, so a request whose observation
	 * only feeds meters builds no string.
	 */
	static final class ClientAddress implements KeyValue {

		private final SocketAddress address;

		private volatile @Nullable String value;

		ClientAddress(SocketAddress address) {
			this.address = address;
		}

		@Override
		public String getKey() {
			return "client.address";
		}

		@Override
		public String getValue() {
			String value = this.value;
			if (value == null) {
				value = describe(this.address);
				this.value = value;
			}
			return value;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof KeyValue keyValue && getKey().equals(keyValue.getKey())
					&& getValue().equals(keyValue.getValue());
		}

		@Override
		public int hashCode() {
			return 31 * getKey().hashCode() + getValue().hashCode();
		}

		@Override
		public String toString() {
			return "tag(" + getKey() + "=" + getValue() + ")";
		}

	}

}
