package io.github.socketserver.metrics;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * The meter handler of socket server observations, which records nothing: the server's
 * own meters ({@code socketserver.requests} and the others of {@link SocketServerMeters})
 * already time every request. Registered first among the meter handlers, it keeps the
 * default one from timing each request a second time as {@code socketserver.request} and
 * {@code socketserver.request.active}, which would cost a meter lookup per request and a
 * sample held by every open connection. Tracing handlers are not meter handlers and still
 * see every observation.
 *
 * @since 0.1.0
 */
public final class SocketServerMeterObservationHandler
		implements MeterObservationHandler<SocketServerObservationContext> {

	/**
	 * Creates the handler, which holds no state.
	 */
	public SocketServerMeterObservationHandler() {
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof SocketServerObservationContext;
	}

}
