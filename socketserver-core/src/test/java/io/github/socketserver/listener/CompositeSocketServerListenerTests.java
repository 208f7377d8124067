package io.github.socketserver.listener;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.handler.Request;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CompositeSocketServerListener}: every event to every listener, the
 * bytes only to those that count them.
 */
class CompositeSocketServerListenerTests {

	@Test
	void aListenerThatKeepsTheTrafficDefaultsDoesNotCountTraffic() {
		assertThat(CompositeSocketServerListener.countsTraffic(new Starts())).isFalse();
		assertThat(CompositeSocketServerListener.countsTraffic(contained(new Starts()))).isFalse();
	}

	@Test
	void aListenerThatOverridesATrafficCallbackCountsTraffic() {
		assertThat(CompositeSocketServerListener.countsTraffic(new Bytes())).isTrue();
		assertThat(CompositeSocketServerListener.countsTraffic(contained(new Bytes()))).isTrue();
		assertThat(CompositeSocketServerListener.countsTraffic(new SocketServerListener() {

			@Override
			public void bytesSent(int count) {
			}

		})).isTrue();
	}

	@Test
	void givesTheBytesToTheListenersThatCountThemAndOtherEventsToAll() {
		Bytes first = new Bytes();
		Starts starts = new Starts();
		Bytes last = new Bytes();
		SocketServerListener composite = ContainedListener.of("echo", List.of(first, starts, last));
		composite.bytesReceived(5);
		composite.bytesSent(7);
		composite.requestStarted(null);
		assertThat(first.received).hasValue(5);
		assertThat(last.received).hasValue(5);
		assertThat(first.sent).hasValue(7);
		assertThat(last.sent).hasValue(7);
		assertThat(starts.started).hasValue(1);
	}

	@Test
	void anAcceptFailureReachesEveryListenerThoughOneThrows() {
		List<Exception> heard = new CopyOnWriteArrayList<>();
		SocketServerListener throwing = new SocketServerListener() {

			@Override
			public void acceptFailed(Exception exception) {
				throw new IllegalStateException("a broken meter registry");
			}

		};
		SocketServerListener recording = new SocketServerListener() {

			@Override
			public void acceptFailed(Exception exception) {
				heard.add(exception);
			}

		};
		SocketServerListener composite = ContainedListener.of("echo", List.of(throwing, recording));
		IOException failure = new IOException("Too many open files");
		composite.acceptFailed(failure);
		assertThat(heard).containsExactly(failure);
	}

	private static SocketServerListener contained(SocketServerListener listener) {
		// Two listeners, so that each comes back contained in the composite.
		SocketServerListener composite = ContainedListener.of("echo", List.of(listener, new Starts()));
		return ((CompositeSocketServerListener) composite).listeners()[0];
	}

	static final class Starts implements SocketServerListener {

		final AtomicInteger started = new AtomicInteger();

		@Override
		public @Nullable Object requestStarted(Request request) {
			this.started.incrementAndGet();
			return null;
		}

	}

	static final class Bytes implements SocketServerListener {

		final AtomicInteger received = new AtomicInteger();

		final AtomicInteger sent = new AtomicInteger();

		@Override
		public void bytesReceived(int count) {
			this.received.addAndGet(count);
		}

		@Override
		public void bytesSent(int count) {
			this.sent.addAndGet(count);
		}

	}

}
