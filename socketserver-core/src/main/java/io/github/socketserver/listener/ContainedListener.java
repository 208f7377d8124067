package io.github.socketserver.listener;

import java.util.List;

import io.github.socketserver.handler.Request;
import io.github.socketserver.logging.LogThrottle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener whose failures stay its own (the hot callbacks, on every read and request,
 * catch without allocating): an exception from any callback (a meter registry, an
 * observation handler's {@code onStart}, which Micrometer does not catch) is logged at a
 * bounded rate and goes no further, so that the request's bookkeeping (its socket, its
 * limits, its place among the requests in flight) always completes and the serving loop
 * goes on. A {@code requestStarted} that fails gives the request no state.
 *
 * @since 0.1.0
 */
public final class ContainedListener implements SocketServerListener {

	private static final Logger logger = LoggerFactory.getLogger(SocketServerListener.class);

	private final String serverName;

	private final SocketServerListener listener;

	private final LogThrottle throttle = new LogThrottle();

	private ContainedListener(String serverName, SocketServerListener listener) {
		this.serverName = serverName;
		this.listener = listener;
	}

	/**
	 * The listeners of a server as one, each contained on its own, so that one that fails
	 * does not keep the others from hearing an event.
	 * @param serverName the server's name, for the log
	 * @param listeners the listeners, in order
	 * @return the listener the server calls
	 */
	public static SocketServerListener of(String serverName, List<SocketServerListener> listeners) {
		return SocketServerListener.of(listeners.stream().map((listener) -> contain(serverName, listener)).toList());
	}

	private static SocketServerListener contain(String serverName, SocketServerListener listener) {
		return (listener instanceof ContainedListener || listener == NONE) ? listener
				: new ContainedListener(serverName, listener);
	}

	/**
	 * The listener contained.
	 * @return the listener whose failures this one catches
	 */
	SocketServerListener listener() {
		return this.listener;
	}

	private void run(String callback, Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			failed(callback, ex);
		}
	}

	private void failed(String callback, RuntimeException ex) {
		long count = this.throttle.tryLog();
		if (count > 0) {
			logger.error("Listener {} of server '{}' failed in {} ({} such since the last report)",
					this.listener.getClass().getName(), this.serverName, callback, count, ex);
		}
	}

	@Override
	public void connectionOpened(Request request) {
		run("connectionOpened", () -> this.listener.connectionOpened(request));
	}

	@Override
	public void connectionClosed(Request request, long durationNanos) {
		run("connectionClosed", () -> this.listener.connectionClosed(request, durationNanos));
	}

	@Override
	public void requestRejected(Request request, Rejection reason) {
		run("requestRejected", () -> this.listener.requestRejected(request, reason));
	}

	@Override
	public @Nullable Object requestStarted(Request request) {
		try {
			return this.listener.requestStarted(request);
		}
		catch (RuntimeException ex) {
			failed("requestStarted", ex);
			return null;
		}
	}

	@Override
	public void requestFinished(Request request, @Nullable Object state, @Nullable Throwable failure,
			long durationNanos) {
		try {
			this.listener.requestFinished(request, state, failure, durationNanos);
		}
		catch (RuntimeException ex) {
			failed("requestFinished", ex);
		}
	}

	@Override
	public void errorReported(Request request, Throwable exception) {
		run("errorReported", () -> this.listener.errorReported(request, exception));
	}

	@Override
	public void bytesReceived(int count) {
		try {
			this.listener.bytesReceived(count);
		}
		catch (RuntimeException ex) {
			failed("bytesReceived", ex);
		}
	}

	@Override
	public void bytesSent(int count) {
		try {
			this.listener.bytesSent(count);
		}
		catch (RuntimeException ex) {
			failed("bytesSent", ex);
		}
	}

	@Override
	public void acceptFailed(Exception exception) {
		// No lambda: with no descriptor left, a class that is not loaded yet may not
		// load.
		try {
			this.listener.acceptFailed(exception);
		}
		catch (RuntimeException ex) {
			failed("acceptFailed", ex);
		}
	}

	@Override
	public void datagramDropped() {
		run("datagramDropped", this.listener::datagramDropped);
	}

	@Override
	public void datagramTruncated() {
		run("datagramTruncated", this.listener::datagramTruncated);
	}

	@Override
	public void childStarted(Request request, long pid) {
		run("childStarted", () -> this.listener.childStarted(request, pid));
	}

	@Override
	public void childExited(Request request, long pid, int exitCode, boolean killed) {
		run("childExited", () -> this.listener.childExited(request, pid, exitCode, killed));
	}

	@Override
	public String toString() {
		return this.listener.toString();
	}

}
