package io.github.socketserver;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;
import org.jspecify.annotations.Nullable;

/**
 * A listener that remembers what a server reported, for tests to assert on.
 */
final class Recorder implements SocketServerListener {

	final List<Throwable> errors = new CopyOnWriteArrayList<>();

	final List<Rejection> rejections = new CopyOnWriteArrayList<>();

	final AtomicInteger opened = new AtomicInteger();

	final AtomicInteger closed = new AtomicInteger();

	final AtomicInteger finished = new AtomicInteger();

	final AtomicInteger dropped = new AtomicInteger();

	final AtomicInteger truncated = new AtomicInteger();

	final AtomicLong received = new AtomicLong();

	@Override
	public void connectionOpened(Request request) {
		this.opened.incrementAndGet();
	}

	@Override
	public void connectionClosed(Request request, long durationNanos) {
		this.closed.incrementAndGet();
	}

	@Override
	public void requestRejected(Request request, Rejection reason) {
		this.rejections.add(reason);
	}

	@Override
	public void requestFinished(Request request, @Nullable Object state, @Nullable Throwable failure,
			long durationNanos) {
		this.finished.incrementAndGet();
	}

	@Override
	public void errorReported(Request request, Throwable exception) {
		this.errors.add(exception);
	}

	@Override
	public void bytesReceived(int count) {
		this.received.addAndGet(count);
	}

	@Override
	public void datagramDropped() {
		this.dropped.incrementAndGet();
	}

	@Override
	public void datagramTruncated() {
		this.truncated.incrementAndGet();
	}

	long errorsOfType(Class<? extends Throwable> type) {
		return this.errors.stream().filter(type::isInstance).count();
	}

}
