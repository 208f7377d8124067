package io.github.socketserver.listener;

import java.util.List;

import io.github.socketserver.connection.TrafficListener;
import io.github.socketserver.handler.Request;
import org.jspecify.annotations.Nullable;

/**
 * Calls several listeners in order; each one's request state travels in an array.
 */
final class CompositeSocketServerListener implements SocketServerListener {

	private final SocketServerListener[] listeners;

	/**
	 * Those of the listeners that count bytes: the traffic callbacks come on every socket
	 * read and write, and most listeners (observations, logs) keep the defaults, which do
	 * nothing.
	 */
	private final SocketServerListener[] traffic;

	CompositeSocketServerListener(List<SocketServerListener> listeners) {
		this.listeners = listeners.toArray(new SocketServerListener[0]);
		this.traffic = listeners.stream()
			.filter(CompositeSocketServerListener::countsTraffic)
			.toArray(SocketServerListener[]::new);
	}

	/**
	 * The listeners, in order; for tests.
	 * @return the listeners called
	 */
	SocketServerListener[] listeners() {
		return this.listeners.clone();
	}

	/**
	 * Whether a listener overrides a traffic callback of {@link TrafficListener}; a
	 * listener whose methods cannot be looked at is taken to count.
	 */
	static boolean countsTraffic(SocketServerListener listener) {
		SocketServerListener own = (listener instanceof ContainedListener contained) ? contained.listener() : listener;
		try {
			Class<?> type = own.getClass();
			return type.getMethod("bytesReceived", int.class).getDeclaringClass() != TrafficListener.class
					|| type.getMethod("bytesSent", int.class).getDeclaringClass() != TrafficListener.class;
		}
		catch (NoSuchMethodException | SecurityException ex) {
			return true;
		}
	}

	@Override
	public void connectionOpened(Request request) {
		for (SocketServerListener listener : this.listeners) {
			listener.connectionOpened(request);
		}
	}

	@Override
	public void connectionClosed(Request request, long durationNanos) {
		for (SocketServerListener listener : this.listeners) {
			listener.connectionClosed(request, durationNanos);
		}
	}

	@Override
	public void requestRejected(Request request, Rejection reason) {
		for (SocketServerListener listener : this.listeners) {
			listener.requestRejected(request, reason);
		}
	}

	@Override
	public Object requestStarted(Request request) {
		@Nullable Object[] states = new Object[this.listeners.length];
		for (int i = 0; i < this.listeners.length; i++) {
			states[i] = this.listeners[i].requestStarted(request);
		}
		return states;
	}

	@Override
	public void requestFinished(Request request, @Nullable Object state, @Nullable Throwable failure,
			long durationNanos) {
		@Nullable Object[] states = (@Nullable Object[]) state;
		for (int i = this.listeners.length - 1; i >= 0; i--) {
			this.listeners[i].requestFinished(request, (states != null) ? states[i] : null, failure, durationNanos);
		}
	}

	@Override
	public void errorReported(Request request, Throwable exception) {
		for (SocketServerListener listener : this.listeners) {
			listener.errorReported(request, exception);
		}
	}

	@Override
	public void bytesReceived(int count) {
		for (SocketServerListener listener : this.traffic) {
			listener.bytesReceived(count);
		}
	}

	@Override
	public void bytesSent(int count) {
		for (SocketServerListener listener : this.traffic) {
			listener.bytesSent(count);
		}
	}

	@Override
	public void acceptFailed(Exception exception) {
		for (SocketServerListener listener : this.listeners) {
			listener.acceptFailed(exception);
		}
	}

	@Override
	public void datagramDropped() {
		for (SocketServerListener listener : this.listeners) {
			listener.datagramDropped();
		}
	}

	@Override
	public void datagramTruncated() {
		for (SocketServerListener listener : this.listeners) {
			listener.datagramTruncated();
		}
	}

	@Override
	public void childStarted(Request request, long pid) {
		for (SocketServerListener listener : this.listeners) {
			listener.childStarted(request, pid);
		}
	}

	@Override
	public void childExited(Request request, long pid, int exitCode, boolean killed) {
		for (SocketServerListener listener : this.listeners) {
			listener.childExited(request, pid, exitCode, killed);
		}
	}

}
