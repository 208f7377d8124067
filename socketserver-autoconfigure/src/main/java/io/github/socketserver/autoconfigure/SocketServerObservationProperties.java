package io.github.socketserver.autoconfigure;

/**
 * Observations of requests, under {@code socketserver.observations}.
 *
 * @since 0.1.0
 */
public class SocketServerObservationProperties {

	/**
	 * Whether to create an Observation (a span, with Micrometer Tracing) per request when
	 * an ObservationRegistry is present.
	 */
	private boolean enabled = true;

	/**
	 * Whether the default meter handler also turns each request's Observation into meters
	 * (socketserver.request and socketserver.request.active). Off by default: the
	 * socketserver.requests timer already times every request, at less cost.
	 */
	private boolean meters;

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public SocketServerObservationProperties() {
	}

	/**
	 * {@return whether to create an observation per request when an
	 * {@code ObservationRegistry} is present}
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Sets whether to create an observation per request when an
	 * {@code ObservationRegistry} is present.
	 * @param enabled whether to create them
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * {@return whether the default meter handler also turns each request's observation
	 * into meters}
	 */
	public boolean isMeters() {
		return this.meters;
	}

	/**
	 * Sets whether the default meter handler also turns each request's observation into
	 * meters.
	 * @param meters whether to make meters
	 */
	public void setMeters(boolean meters) {
		this.meters = meters;
	}

}
