package io.github.socketserver.connection;

/**
 * Hears the bytes a connection or a datagram carries on the wire, for metrics. Called on
 * every socket read and write: implementations must be thread-safe, quick, and must not
 * throw. Does nothing by default.
 *
 * @since 0.1.0
 */
public interface TrafficListener {

	/**
	 * A listener that hears nothing.
	 */
	TrafficListener NONE = new TrafficListener() {
	};

	/**
	 * Bytes were read from a connection or received in a datagram.
	 * @param count how many
	 */
	default void bytesReceived(int count) {
	}

	/**
	 * Bytes were written to a connection or sent in a datagram.
	 * @param count how many
	 */
	default void bytesSent(int count) {
	}

}
