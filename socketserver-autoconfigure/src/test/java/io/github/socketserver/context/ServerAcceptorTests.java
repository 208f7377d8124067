package io.github.socketserver.context;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.socketserver.TcpServer;
import io.github.socketserver.autoconfigure.SocketServerAutoConfiguration;
import io.github.socketserver.autoconfigure.SocketServerCustomizer;
import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ServerAcceptor}: a serving loop that fails closes its server, marks it
 * failed and announces it, and hands a virtual machine error on to its thread.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerAcceptorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(ManagedSocketServerTests.HelloConfiguration.class)
		.withPropertyValues("socketserver.servers.a.host=127.0.0.1", "socketserver.servers.a.port=0",
				"socketserver.servers.a.threading=thread");

	/**
	 * A listener's exception is contained (and logged) by the server; an {@link Error}
	 * still ends the serving loop.
	 */
	@Test
	void failsClosesAndAnnouncesWhenItsServingLoopThrows(CapturedOutput output) {
		Throwable failure = new AssertionError("listener broke");
		BreakingListener listener = new BreakingListener(() -> failure);
		this.runner.withBean(SocketServerCustomizer.class, () -> (options) -> options.addListener(listener))
			.withBean(FailureLog.class)
			.run((context) -> {
				ManagedSocketServer server = context.getBean(SocketServers.class).get("a");
				InetSocketAddress address = TestServers.address(context, "a");
				listener.armed = true;
				SocketChannel.open(address).close();
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(server.state()).isEqualTo(SocketServerState.FAILED));
				FailureLog failures = context.getBean(FailureLog.class);
				await().atMost(TestServers.TIMEOUT)
					.untilAsserted(() -> assertThat(failures.events).singleElement().satisfies((event) -> {
						assertThat(event.name()).isEqualTo("a");
						assertThat(event.failure()).isSameAs(failure);
					}));
				assertThat(server.server().isClosed()).isTrue();
				assertThatIOException().isThrownBy(() -> SocketChannel.open(address).close());
				assertThat(output).contains("Socket server 'a' stopped serving", "listener broke");
				long start = System.nanoTime();
				context.close();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
				assertThat(server.state()).isEqualTo(SocketServerState.STOPPED);
			});
	}

	@Test
	void rethrowsAVirtualMachineErrorOnTheAcceptorThreadOnceClosedAndAnnounced() {
		StackOverflowError failure = new StackOverflowError("loop overflowed");
		BreakingListener listener = new BreakingListener(() -> failure);
		AtomicReference<Thread> uncaughtOn = new AtomicReference<>();
		AtomicReference<Throwable> uncaught = new AtomicReference<>();
		Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
		CountDownLatch rethrown = new CountDownLatch(1);
		Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> {
			uncaughtOn.set(thread);
			uncaught.set(ex);
			rethrown.countDown();
		});
		try {
			this.runner.withBean(SocketServerCustomizer.class, () -> (options) -> options.addListener(listener))
				.withBean(FailureLog.class)
				.run((context) -> {
					ManagedSocketServer server = context.getBean(SocketServers.class).get("a");
					listener.armed = true;
					SocketChannel.open(TestServers.address(context, "a")).close();
					// A latch, not Awaitility, which would take the uncaught error as the
					// test's.
					assertThat(rethrown.await(TestServers.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
					assertThat(uncaught).hasValue(failure);
					assertThat(uncaughtOn.get().getName()).isEqualTo("socketserver-a-acceptor");
					assertThat(server.state()).isEqualTo(SocketServerState.FAILED);
					assertThat(server.server().isClosed()).isTrue();
					assertThat(context.getBean(FailureLog.class).events).singleElement()
						.satisfies((event) -> assertThat(event.failure()).isSameAs(failure));
				});
		}
		finally {
			Thread.setDefaultUncaughtExceptionHandler(previous);
		}
	}

	@Test
	void failsAndClosesWhenAnOverriddenServiceActionThrows() throws Exception {
		AtomicBoolean armed = new AtomicBoolean();
		ManagedSocketServer server = new ManagedSocketServer(
				() -> new TcpServer(new InetSocketAddress("127.0.0.1", 0), () -> (request) -> {
				}, ServerOptions.builder().name("s").build(), false) {

					@Override
					protected void serviceActions() {
						if (armed.compareAndSet(true, false)) {
							throw new IllegalStateException("service action broke");
						}
					}

				}, Duration.ofMillis(50), true, Duration.ofSeconds(1), new ServerStatistics());
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		try {
			assertThat(server.start((core, failure) -> failures.add(failure))).isTrue();
			InetSocketAddress address = (InetSocketAddress) server.server().serverAddress();
			armed.set(true);
			await().atMost(TestServers.TIMEOUT)
				.untilAsserted(() -> assertThat(failures).singleElement()
					.satisfies((failure) -> assertThat(failure).hasMessage("service action broke")));
			assertThat(server.state()).isEqualTo(SocketServerState.FAILED);
			assertThatIOException().isThrownBy(() -> SocketChannel.open(address).close());
			assertThat(server.start((core, failure) -> failures.add(failure))).isTrue();
			assertThat(server.state()).isEqualTo(SocketServerState.RUNNING);
			assertThat(server.server().isClosed()).isFalse();
		}
		finally {
			server.stop();
		}
	}

	/**
	 * Fails the serving loop once armed: it is told of each connection on the loop's
	 * thread, as the server accepts it.
	 */
	static class BreakingListener implements SocketServerListener {

		private final Supplier<Throwable> failure;

		volatile boolean armed;

		BreakingListener(Supplier<Throwable> failure) {
			this.failure = failure;
		}

		@Override
		public void connectionOpened(Request request) {
			if (this.armed) {
				this.armed = false;
				throwUnchecked(this.failure.get());
			}
		}

		@SuppressWarnings("unchecked")
		private static <T extends Throwable> void throwUnchecked(Throwable failure) throws T {
			throw (T) failure;
		}

	}

	static class FailureLog implements ApplicationListener<SocketServerFailedEvent> {

		final List<SocketServerFailedEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(SocketServerFailedEvent event) {
			this.events.add(event);
		}

	}

}
