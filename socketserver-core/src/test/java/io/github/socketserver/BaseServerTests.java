package io.github.socketserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The caller's side of {@link BaseServer} and its template methods, as CPython's
 * test_socketserver checks them, over TCP on loopback.
 */
class BaseServerTests {

	private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

	@Test
	void serverAddressIsTheBoundAddressWithTheRealPort() throws IOException {
		try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, EchoHandlers.LINE_ECHO)) {
			InetSocketAddress address = (InetSocketAddress) server.serverAddress();
			assertThat(address.getPort()).isPositive();
			assertThat(address).isEqualTo(server.channel().getLocalAddress());
			assertThat(server.addressFamily()).isEqualTo(AddressFamily.INET);
			assertThat(server.socketType()).isEqualTo(SocketType.STREAM);
		}
	}

	@Test
	void channelIsClosedAfterClose() throws IOException {
		TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, EchoHandlers.LINE_ECHO);
		server.close();
		assertThat(server.channel().isOpen()).isFalse();
		assertThat(server.isClosed()).isTrue();
	}

	@Test
	void closeTwiceIsHarmless() throws IOException {
		TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, EchoHandlers.LINE_ECHO);
		server.close();
		server.close();
		assertThat(server.channel().isOpen()).isFalse();
	}

	@Test
	void tryWithResourcesClosesAServerThatNeverServed() throws IOException {
		TcpServer kept;
		try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, EchoHandlers.LINE_ECHO)) {
			kept = server;
		}
		assertThat(kept.channel().isOpen()).isFalse();
	}

	@Test
	void anUnboundServerBindsWhenAskedAndThenServes() throws IOException {
		try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, () -> EchoHandlers.LINE_ECHO,
				ServerOptions.builder().build(), false)) {
			assertThat(server.channel().getLocalAddress()).isNull();
			server.channel().setOption(java.net.StandardSocketOptions.SO_RCVBUF, 65536);
			server.bindAndActivate();
			try (Serving serving = Serving.start(server);
					SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.send("late\n");
				assertThat(client.readLine()).isEqualTo("late");
			}
		}
	}

	@Test
	void dualStackServerAcceptsIpv4Clients() throws IOException {
		org.junit.jupiter.api.Assumptions.assumeTrue(Loopback.ipv6Available(), "IPv6 is not available");
		try (TcpServer server = new TcpServer(new InetSocketAddress("::", 0), EchoHandlers.LINE_ECHO);
				Serving serving = Serving.start(server)) {
			assertThat(server.addressFamily()).isEqualTo(AddressFamily.INET6);
			int port = ((InetSocketAddress) server.serverAddress()).getPort();
			try (SocketTestClient client = SocketTestClient.tcp(port)) {
				client.send("v4\n");
				assertThat(client.readLine()).isEqualTo("v4");
			}
		}
	}

	@Test
	void shutdownRightAfterServeForeverStartsAlwaysStopsIt() throws IOException {
		for (int i = 0; i < 20; i++) {
			try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, EchoHandlers.LINE_ECHO)) {
				Thread serving = new Thread(() -> {
					try {
						server.serveForever(Duration.ofMillis(500));
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				});
				serving.start();
				server.shutdown();
				await().atMost(Duration.ofSeconds(10)).until(() -> !serving.isAlive());
			}
		}
	}

	@Test
	void shutdownBeforeServeForeverReturnsAtOnceAndTheLoopThenEndsAtOnce() throws Exception {
		try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, EchoHandlers.LINE_ECHO)) {
			server.shutdown();
			Thread serving = new Thread(() -> {
				try {
					server.serveForever(Duration.ofSeconds(30));
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			serving.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> !serving.isAlive());
		}
	}

	@Test
	void failedBindsLeakNoFileDescriptor() throws IOException {
		try (TcpServer holder = new TcpServer(ANY_LOOPBACK_PORT, EchoHandlers.LINE_ECHO)) {
			InetSocketAddress taken = (InetSocketAddress) holder.serverAddress();
			long before = openDescriptors();
			for (int i = 0; i < 1024; i++) {
				assertThatExceptionOfType(BindException.class)
					.isThrownBy(() -> new TcpServer(taken, EchoHandlers.LINE_ECHO));
			}
			assertThat(openDescriptors() - before).isLessThan(16);
		}
	}

	@Test
	void handlerExceptionGoesToHandleErrorOnceAndTheServerGoesOn() throws IOException {
		List<Exception> errors = new CopyOnWriteArrayList<>();
		AtomicInteger calls = new AtomicInteger();
		StreamRequestHandler failsFirst = (request) -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("boom");
			}
			EchoHandlers.LINE_ECHO.handle(request);
		};
		ServerOptions options = ServerOptions.builder()
			.errorHandler((request, exception) -> errors.add(exception))
			.build();
		try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, failsFirst, options);
				Serving serving = Serving.start(server)) {
			try (SocketTestClient first = SocketTestClient.connect(server.serverAddress())) {
				assertThat(first.read()).isEqualTo(-1);
			}
			try (SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
				second.send("still here\n");
				assertThat(second.readLine()).isEqualTo("still here");
			}
			assertThat(errors).singleElement().isInstanceOf(IllegalStateException.class);
		}
	}

	@Test
	void finishRunsWhenHandleThrowsAndNotWhenSetupThrows() throws IOException {
		List<String> calls = new CopyOnWriteArrayList<>();
		StreamRequestHandler handleThrows = new StreamRequestHandler() {

			@Override
			public void setup(StreamRequest request) {
				calls.add("setup");
			}

			@Override
			public void handle(StreamRequest request) {
				calls.add("handle");
				throw new IllegalStateException("handle");
			}

			@Override
			public void finish(StreamRequest request) {
				calls.add("finish");
			}

		};
		StreamRequestHandler setupThrows = new StreamRequestHandler() {

			@Override
			public void setup(StreamRequest request) {
				calls.add("setup2");
				throw new IllegalStateException("setup");
			}

			@Override
			public void handle(StreamRequest request) {
				calls.add("handle2");
			}

			@Override
			public void finish(StreamRequest request) {
				calls.add("finish2");
			}

		};
		ServerOptions quiet = ServerOptions.builder().errorHandler((request, exception) -> calls.add("error")).build();
		for (StreamRequestHandler handler : List.of(handleThrows, setupThrows)) {
			try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, handler, quiet)) {
				try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
					server.handleRequest();
					assertThat(client.read()).isEqualTo(-1);
				}
			}
		}
		assertThat(calls).containsExactly("setup", "handle", "finish", "error", "setup2", "error");
	}

	@Test
	void anErrorFromTheHandlerIsNotSwallowed() throws IOException {
		try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, (request) -> {
			throw new Fatal();
		})) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				assertThatExceptionOfType(Fatal.class).isThrownBy(server::handleRequest);
				assertThat(client.read()).isEqualTo(-1);
			}
		}
	}

	@Test
	void refusedRequestIsShutDownOnceAndNeverHandled() throws IOException {
		AtomicInteger shutdowns = new AtomicInteger();
		AtomicInteger handled = new AtomicInteger();
		ServerOptions options = ServerOptions.builder().verifier((request) -> false).build();
		try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, () -> (request) -> handled.incrementAndGet(), options,
				true) {

			@Override
			protected void shutdownRequest(StreamRequest request) {
				shutdowns.incrementAndGet();
				super.shutdownRequest(request);
			}

		}) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				server.handleRequest();
				assertThat(client.read()).isEqualTo(-1);
			}
			assertThat(shutdowns).hasValue(1);
			assertThat(handled).hasValue(0);
		}
	}

	@Test
	void overriddenVerifyRequestRefusesToo() throws IOException {
		AtomicInteger handled = new AtomicInteger();
		try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, () -> (request) -> handled.incrementAndGet(),
				ServerOptions.builder().build(), true) {

			@Override
			protected boolean verifyRequest(StreamRequest request) {
				return false;
			}

		}) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				server.handleRequest();
				assertThat(client.read()).isEqualTo(-1);
			}
			assertThat(handled).hasValue(0);
		}
	}

	@Test
	void handleRequestCallsHandleTimeoutWhenNoRequestComes() throws IOException {
		AtomicInteger timeouts = new AtomicInteger();
		ServerOptions options = ServerOptions.builder().timeout(Duration.ofMillis(50)).build();
		try (TcpServer server = countingTimeouts(options, timeouts)) {
			server.handleRequest();
			assertThat(timeouts).hasValue(1);
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.send("one\n");
				client.shutdownOutput();
				server.handleRequest();
				assertThat(client.readLine()).isEqualTo("one");
				assertThat(client.readLine()).isNull();
			}
			assertThat(timeouts).hasValue(1);
		}
	}

	@Test
	void handleRequestWithoutATimeoutNeverCallsHandleTimeoutWhenItsWaitIsCutShort() throws Exception {
		AtomicInteger timeouts = new AtomicInteger();
		try (TcpServer server = countingTimeouts(ServerOptions.defaults(), timeouts)) {
			Thread waiting = handleRequestInBackground(server);
			// An interrupt makes select() return early with nothing ready: no timeout has
			// passed, as there is none.
			waiting.interrupt();
			waiting.join(Duration.ofSeconds(10).toMillis());
			assertThat(waiting.isAlive()).as("handleRequest returns when interrupted").isFalse();
		}
		assertThat(timeouts).hasValue(0);
	}

	@Test
	void handleRequestWithoutATimeoutReturnsWhenTheServerCloses() throws Exception {
		AtomicInteger timeouts = new AtomicInteger();
		TcpServer server = countingTimeouts(ServerOptions.defaults(), timeouts);
		Thread waiting = handleRequestInBackground(server);
		server.close();
		waiting.join(Duration.ofSeconds(10).toMillis());
		assertThat(waiting.isAlive()).as("handleRequest returns once the server is closed").isFalse();
		assertThat(timeouts).hasValue(0);
	}

	/**
	 * A bound line-echo server that counts its calls of {@code handleTimeout}.
	 */
	private static TcpServer countingTimeouts(ServerOptions options, AtomicInteger timeouts) throws IOException {
		return new TcpServer(ANY_LOOPBACK_PORT, () -> EchoHandlers.LINE_ECHO, options, true) {

			@Override
			protected void handleTimeout() {
				timeouts.incrementAndGet();
			}

		};
	}

	/**
	 * Calls {@code handleRequest} on a thread of its own, and returns once that thread
	 * waits in select.
	 */
	private static Thread handleRequestInBackground(BaseServer<?> server) {
		Thread waiting = new Thread(() -> {
			try {
				server.handleRequest();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}, "test-handle-request");
		waiting.start();
		await().until(() -> Arrays.stream(waiting.getStackTrace())
			.anyMatch((frame) -> frame.getMethodName().contains("select")));
		return waiting;
	}

	@Test
	void handleRequestCallsHandleTimeoutOnlyOnceTheTimeoutHasPassed() throws IOException {
		AtomicInteger timeouts = new AtomicInteger();
		Duration timeout = Duration.ofMillis(200);
		try (TcpServer server = countingTimeouts(ServerOptions.builder().timeout(timeout).build(), timeouts)) {
			long start = System.nanoTime();
			server.handleRequest();
			assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(timeout.toNanos());
			assertThat(timeouts).hasValue(1);
		}
	}

	@Test
	void aHandlerAsksItsServerToStopThroughTheNarrowViewEvenInSyncMode() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		StreamRequestHandler stopping = (request) -> {
			seen.add(request.server().name() + " at " + request.server().serverAddress());
			request.server().shutdown();
		};
		try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, stopping,
				ServerOptions.builder().name("stoppable").build())) {
			Thread serving = new Thread(() -> {
				try {
					server.serveForever(Duration.ofSeconds(30));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}, "test-serving");
			serving.start();
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				assertThat(client.read()).isEqualTo(-1);
			}
			serving.join(Duration.ofSeconds(10).toMillis());
			assertThat(serving.isAlive()).as("the loop ended although the poll interval is 30 s").isFalse();
			assertThat(seen).containsExactly("stoppable at " + server.serverAddress());
			assertThat(server.handlerFactory().get()).isSameAs(stopping);
		}
	}

	@Test
	void aSupplierGivesEveryRequestAFreshHandler() throws IOException {
		List<Object> handlers = new CopyOnWriteArrayList<>();
		try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, () -> new StreamRequestHandler() {

			@Override
			public void handle(StreamRequest request) {
				handlers.add(this);
			}

		}, ServerOptions.builder().threading(TestThreading.perRequest()).build(), true);
				Serving serving = Serving.start(server)) {
			for (int i = 0; i < 3; i++) {
				try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
					assertThat(client.read()).isEqualTo(-1);
				}
			}
			await().until(() -> handlers.size() == 3);
			assertThat(handlers).doesNotHaveDuplicates();
		}
	}

	@Test
	void aFailingErrorHandlerDoesNotStopTheServer() throws IOException {
		AtomicInteger calls = new AtomicInteger();
		ServerOptions options = ServerOptions.builder().errorHandler((request, exception) -> {
			throw new IllegalStateException("the error handler fails too");
		}).build();
		try (TcpServer server = new TcpServer(ANY_LOOPBACK_PORT, (request) -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalArgumentException("first");
			}
			EchoHandlers.LINE_ECHO.handle(request);
		}, options); Serving serving = Serving.start(server)) {
			try (SocketTestClient first = SocketTestClient.connect(server.serverAddress())) {
				assertThat(first.read()).isEqualTo(-1);
			}
			try (SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
				second.send("ok\n");
				assertThat(second.readLine()).isEqualTo("ok");
			}
		}
	}

	static long openDescriptors() throws IOException {
		try (var entries = Files.list(Path.of("/proc/self/fd"))) {
			return entries.count();
		}
	}

	static final class Fatal extends Error {

		Fatal() {
			super("fatal");
		}

	}

}
