package io.github.socketserver.metrics;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes each request of one server as
 * {@link SocketServerObservationDocumentation#REQUEST}: started when a handler takes it,
 * in scope on the handler's thread while it runs, stopped when it returns, with the
 * handler's exception as its error.
 * <p>
 * Its name and key values come from a {@link SocketServerObservationConvention} when one
 * is given, else from a global convention of the registry that supports the context, else
 * from {@link DefaultSocketServerObservationConvention}. With a no-op registry nothing is
 * created, nor when no handler acts on it: when the one that takes it is the
 * {@link SocketServerMeterObservationHandler}, which records nothing (meters, no
 * tracing), a connection costs no context, scope or maps.
 *
 * @since 0.1.0
 */
public class SocketServerObservations implements SocketServerListener {

	private static final SocketServerObservationConvention DEFAULT_CONVENTION = new DefaultSocketServerObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable SocketServerObservationConvention convention;

	private final ServerKeyValues server;

	private final ObservationInterest interest;

	/**
	 * Observes the requests of one server with the default convention.
	 * @param registry where to report the observations
	 * @param serverName the server's name
	 * @param family its address family
	 * @param type its socket type
	 */
	public SocketServerObservations(ObservationRegistry registry, String serverName, AddressFamily family,
			SocketType type) {
		this(registry, null, serverName, family, type);
	}

	/**
	 * Observes the requests of one server.
	 * @param registry where to report the observations
	 * @param convention the convention that names them and gives their key values, or
	 * {@code null} for the registry's or the default one
	 * @param serverName the server's name
	 * @param family its address family
	 * @param type its socket type
	 */
	public SocketServerObservations(ObservationRegistry registry,
			@Nullable SocketServerObservationConvention convention, String serverName, AddressFamily family,
			SocketType type) {
		this.registry = registry;
		this.convention = convention;
		this.server = ServerKeyValues.of(serverName, family, type);
		this.interest = new ObservationInterest(registry);
	}

	@Override
	public @Nullable Object requestStarted(Request request) {
		if (this.registry.isNoop()) {
			return null;
		}
		Boolean known = this.interest.known();
		if (Boolean.FALSE.equals(known)) {
			return null;
		}
		SocketServerObservationContext context = new SocketServerObservationContext(request, this.server);
		if (known == null && !this.interest.acts(context)) {
			return null;
		}
		Observation observation = SocketServerObservationDocumentation.REQUEST.start(this.convention,
				DEFAULT_CONVENTION, () -> context, this.registry);
		try {
			return observation.openScope();
		}
		catch (RuntimeException ex) {
			// A handler failed as the scope opened: stop the observation rather than
			// leave it started for ever; the server logs the failure.
			observation.error(ex).stop();
			throw ex;
		}
	}

	@Override
	public void requestFinished(Request request, @Nullable Object state, @Nullable Throwable failure,
			long durationNanos) {
		if (state instanceof Observation.Scope scope) {
			Observation observation = scope.getCurrentObservation();
			scope.close();
			if (observation.getContext() instanceof SocketServerObservationContext context) {
				context.finish();
			}
			if (failure != null) {
				observation.error(failure);
			}
			observation.stop();
		}
	}

}
