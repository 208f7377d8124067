package io.github.socketserver;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;

/**
 * A listener that remembers what a server told it, for tests to assert on.
 */
public final class RecordingListener implements SocketServerListener {

	public final AtomicLong bytesReceived = new AtomicLong();

	public final AtomicLong bytesSent = new AtomicLong();

	public final AtomicInteger datagramsDropped = new AtomicInteger();

	public final AtomicInteger connectionsOpened = new AtomicInteger();

	public final AtomicInteger connectionsClosed = new AtomicInteger();

	public final List<Rejection> rejections = new CopyOnWriteArrayList<>();

	public final List<Throwable> errors = new CopyOnWriteArrayList<>();

	public final AtomicInteger requestsFinished = new AtomicInteger();

	public final List<Exception> acceptFailures = new CopyOnWriteArrayList<>();

	@Override
	public void connectionOpened(Request request) {
		this.connectionsOpened.incrementAndGet();
	}

	@Override
	public void connectionClosed(Request request, long durationNanos) {
		this.connectionsClosed.incrementAndGet();
	}

	@Override
	public void requestRejected(Request request, Rejection reason) {
		this.rejections.add(reason);
	}

	@Override
	public void errorReported(Request request, Throwable exception) {
		this.errors.add(exception);
	}

	@Override
	public void requestFinished(Request request, Object state, Throwable failure, long durationNanos) {
		this.requestsFinished.incrementAndGet();
	}

	@Override
	public void bytesReceived(int count) {
		this.bytesReceived.addAndGet(count);
	}

	@Override
	public void bytesSent(int count) {
		this.bytesSent.addAndGet(count);
	}

	@Override
	public void acceptFailed(Exception exception) {
		this.acceptFailures.add(exception);
	}

	@Override
	public void datagramDropped() {
		this.datagramsDropped.incrementAndGet();
	}

}
