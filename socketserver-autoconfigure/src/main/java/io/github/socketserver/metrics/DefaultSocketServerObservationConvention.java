package io.github.socketserver.metrics;

import io.micrometer.common.KeyValues;

/**
 * The observation {@value #NAME}, with the keys that
 * {@link SocketServerObservationDocumentation#REQUEST} lists: {@code server.name},
 * {@code family} and {@code type}, and {@code outcome} once the request ended, of low
 * cardinality; {@code client.address} of high cardinality. Its spans are named
 * {@code socketserver <server>}.
 * <p>
 * Extend it to add or change key values. It allocates nothing per request but the
 * client's address, which is written out only when a handler reads it.
 *
 * @since 0.1.0
 */
public class DefaultSocketServerObservationConvention implements SocketServerObservationConvention {

	/**
	 * The observation's name.
	 */
	public static final String NAME = "socketserver.request";

	/**
	 * Creates the convention; subclasses call it to add or change key values.
	 */
	public DefaultSocketServerObservationConvention() {
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(SocketServerObservationContext context) {
		return context.server().contextualName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(SocketServerObservationContext context) {
		ServerKeyValues server = context.server();
		if (!context.isFinished()) {
			return server.started();
		}
		return (context.getError() != null) ? server.failed() : server.succeeded();
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(SocketServerObservationContext context) {
		return context.clientAddress();
	}

}
