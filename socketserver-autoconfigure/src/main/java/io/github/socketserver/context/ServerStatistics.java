package io.github.socketserver.context;

import java.util.concurrent.atomic.LongAdder;

import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;
import org.jspecify.annotations.Nullable;

/**
 * Running totals of one server, kept whether or not Micrometer is present, for the
 * actuator endpoint and health details.
 *
 * @since 0.1.0
 */
public final class ServerStatistics implements SocketServerListener {

	private final LongAdder connections = new LongAdder();

	private final LongAdder requests = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	/**
	 * Creates totals at zero, for one server across its restarts.
	 */
	public ServerStatistics() {
	}

	@Override
	public void connectionOpened(Request request) {
		this.connections.increment();
	}

	@Override
	public void requestFinished(Request request, @Nullable Object state, @Nullable Throwable failure,
			long durationNanos) {
		this.requests.increment();
	}

	@Override
	public void errorReported(Request request, Throwable exception) {
		this.errors.increment();
	}

	@Override
	public void requestRejected(Request request, Rejection reason) {
		this.rejected.increment();
	}

	/**
	 * Connections accepted since start; 0 for a datagram server.
	 * @return the count
	 */
	public long connections() {
		return this.connections.sum();
	}

	/**
	 * Requests a handler finished, successfully or not.
	 * @return the count
	 */
	public long requests() {
		return this.requests.sum();
	}

	/**
	 * Errors reported to {@code handleError}.
	 * @return the count
	 */
	public long errors() {
		return this.errors.sum();
	}

	/**
	 * Requests refused before a handler saw them.
	 * @return the count
	 */
	public long rejected() {
		return this.rejected.sum();
	}

}
