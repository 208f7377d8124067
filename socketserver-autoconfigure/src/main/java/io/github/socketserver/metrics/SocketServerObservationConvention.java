package io.github.socketserver.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a request's observation and gives its key values. Declare a bean of this type,
 * often a subclass of {@link DefaultSocketServerObservationConvention}, to change them
 * for every server; the auto-configuration uses it in place of the default.
 *
 * @since 0.1.0
 */
public interface SocketServerObservationConvention extends ObservationConvention<SocketServerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof SocketServerObservationContext;
	}

}
