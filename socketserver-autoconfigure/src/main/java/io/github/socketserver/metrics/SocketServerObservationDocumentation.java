package io.github.socketserver.metrics;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of socket servers, documented once: its keys here, its name and values
 * in {@link DefaultSocketServerObservationConvention}, which a
 * {@link SocketServerObservationConvention} bean replaces.
 *
 * @since 0.1.0
 */
public enum SocketServerObservationDocumentation implements ObservationDocumentation {

	/**
	 * A request, a connection or a datagram, from the moment a handler takes it to the
	 * moment it returns; in scope on the handler's thread, so that Micrometer Tracing
	 * shows a span per request and the handler's logs carry its trace id.
	 */
	REQUEST {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultSocketServerObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * The keys of few values: the server's tags, as its meters carry them.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The server's name.
		 */
		SERVER_NAME(SocketServerKeyNames.SERVER_NAME),

		/**
		 * Its address family: {@code inet}, {@code inet6} or {@code unix}.
		 */
		FAMILY(SocketServerKeyNames.FAMILY),

		/**
		 * Its socket type: {@code stream} or {@code datagram}.
		 */
		TYPE(SocketServerKeyNames.TYPE),

		/**
		 * How the request ended, {@code success} or {@code error}; set when it ends.
		 */
		OUTCOME(SocketServerKeyNames.OUTCOME);

		private final KeyName meterKey;

		LowCardinalityKeyNames(KeyName meterKey) {
			this.meterKey = meterKey;
		}

		@Override
		public String asString() {
			return this.meterKey.asString();
		}

	}

	/**
	 * The keys of many values, which tracing records and meters must not.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * The client's address as users write it: {@code 127.0.0.1:40123},
		 * {@code [::1]:40123}, a socket file's path, or empty for an unnamed Unix client.
		 * Written out only when a handler reads it.
		 */
		CLIENT_ADDRESS {

			@Override
			public String asString() {
				return "client.address";
			}

		}

	}

}
