package io.github.socketserver.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * Records the observations, and the one in scope on each handler's thread; it stands in
 * for {@code TestObservationRegistry}, whose module is not among the build's
 * dependencies.
 */
class RecordingObservationHandler implements ObservationHandler<Observation.Context> {

	final List<Observation.Context> started = new CopyOnWriteArrayList<>();

	final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	final List<Throwable> errors = new CopyOnWriteArrayList<>();

	final List<String> inScope = new CopyOnWriteArrayList<>();

	volatile ObservationRegistry registry = ObservationRegistry.NOOP;

	/**
	 * A registry that reports to this handler only.
	 * @return a new registry
	 */
	ObservationRegistry registry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(this);
		this.registry = registry;
		return registry;
	}

	@Override
	public void onStart(Observation.Context context) {
		this.started.add(context);
	}

	@Override
	public void onError(Observation.Context context) {
		this.errors.add(context.getError());
	}

	@Override
	public void onStop(Observation.Context context) {
		this.stopped.add(context);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

	void recordScope() {
		Observation current = this.registry.getCurrentObservation();
		this.inScope.add((current != null) ? current.getContext().getName() : "none");
	}

}
