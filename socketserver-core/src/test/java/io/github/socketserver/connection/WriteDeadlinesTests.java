package io.github.socketserver.connection;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared watcher of write timeouts looks as often as the live transports need: a
 * short timeout quickens it only while a transport that has it lives, and it forgets a
 * transport the message engine took over.
 */
class WriteDeadlinesTests {

	@Test
	void aNewConnectionDoesNotWakeAWatcherThatAlreadyLooksOftenEnough() throws Exception {
		long timeout = Duration.ofSeconds(60).toNanos();
		try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
				SocketChannel first = SocketChannel.open(listener.getLocalAddress());
				SocketChannel firstAccepted = listener.accept();
				SocketChannel second = SocketChannel.open(listener.getLocalAddress());
				SocketChannel secondAccepted = listener.accept()) {
			new SocketTransport(firstAccepted, first.getLocalAddress(), TrafficListener.NONE, timeout);
			// Woken from its idle park, if it was there, by the first.
			await().atMost(Duration.ofSeconds(10)).until(() -> !WriteDeadlines.idle());
			long wakeUps = WriteDeadlines.wakeUps();
			// Same timeout, with a transport alive: the watcher's pace already suits it,
			// so it is not woken to look at every connection again.
			new SocketTransport(secondAccepted, second.getLocalAddress(), TrafficListener.NONE, timeout);
			assertThat(WriteDeadlines.wakeUps()).isEqualTo(wakeUps);
		}
	}

	@Test
	void theWatcherSlowsDownAgainOnceTheShortTimeoutsAreGone() throws Exception {
		try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
			SocketChannel client = SocketChannel.open(listener.getLocalAddress());
			try (SocketChannel accepted = listener.accept()) {
				new SocketTransport(accepted, client.getLocalAddress(), TrafficListener.NONE,
						Duration.ofMillis(40).toNanos());
				assertThat(WriteDeadlines.tickNanos()).isEqualTo(Duration.ofMillis(10).toNanos());
			}
			finally {
				client.close();
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> WriteDeadlines.tickNanos() > Duration.ofMillis(10).toNanos());
		}
	}

	@Test
	void aDetachedTransportIsNoLongerWatched() throws Exception {
		try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
				SocketChannel client = SocketChannel.open(listener.getLocalAddress());
				SocketChannel accepted = listener.accept()) {
			SocketTransport transport = new SocketTransport(accepted, client.getLocalAddress(), TrafficListener.NONE,
					Duration.ofSeconds(30).toNanos());
			assertThat(WriteDeadlines.isWatched(transport)).isTrue();
			DetachedTransport detached = transport.detach();
			assertThat(detached.isPlain()).isTrue();
			assertThat(detached.unread().hasRemaining()).isFalse();
			assertThat(WriteDeadlines.isWatched(transport)).isFalse();
		}
	}

}
