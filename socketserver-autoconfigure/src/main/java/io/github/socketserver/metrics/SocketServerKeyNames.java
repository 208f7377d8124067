package io.github.socketserver.metrics;

import io.micrometer.common.docs.KeyName;

/**
 * The tag keys of the socket server meters, listed by {@link SocketServerMeters}; the
 * first four are also the low-cardinality keys of the request observation. None of them
 * names a client.
 *
 * @since 0.1.0
 */
public enum SocketServerKeyNames implements KeyName {

	/**
	 * The server's name, as configured under {@code socketserver.servers}.
	 */
	SERVER_NAME("server.name"),

	/**
	 * Its address family: {@code inet}, {@code inet6} or {@code unix}.
	 */
	FAMILY("family"),

	/**
	 * Its socket type: {@code stream} or {@code datagram}.
	 */
	TYPE("type"),

	/**
	 * How a request ended: {@link Outcome#SUCCESS} or {@link Outcome#ERROR}.
	 */
	OUTCOME("outcome"),

	/**
	 * Why a request was refused: {@code verify}, {@code queue-full}, {@code limit},
	 * {@code shutdown}, {@code header} or {@code frame}; why a TLS handshake failed:
	 * {@code not_tls}, {@code timeout}, {@code certificate}, {@code protocol} or
	 * {@code other} ({@code none} when it succeeded).
	 */
	REASON("reason"),

	/**
	 * The simple name of the exception's class, or its binary name if it has none.
	 */
	EXCEPTION("exception"),

	/**
	 * How a child ended: its exit code, or {@code killed} if the server killed it.
	 */
	STATUS("status"),

	/**
	 * The protocol a TLS handshake settled, such as {@code TLSv1.3}, or {@code none} when
	 * it failed.
	 */
	PROTOCOL("protocol");

	private final String key;

	SocketServerKeyNames(String key) {
		this.key = key;
	}

	@Override
	public String asString() {
		return this.key;
	}

	/**
	 * The values of {@link #OUTCOME}.
	 */
	public enum Outcome {

		/**
		 * The handler returned.
		 */
		SUCCESS("success"),

		/**
		 * The handler threw.
		 */
		ERROR("error");

		private final String value;

		Outcome(String value) {
			this.value = value;
		}

		/**
		 * The tag's value.
		 * @return the outcome in lower case
		 */
		public String asString() {
			return this.value;
		}

	}

}
