package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What CPython's {@code test_socketserver} checks of every server, for every family and
 * threading mode: {@code server_address} is the bound address and the socket is closed
 * after {@code server_close()} ({@code run_server}), a threading server closed without
 * ever serving closes cleanly ({@code test_close_immediately}), and finished request
 * threads are not kept ({@code test_threads_reaped}).
 */
@Timeout(60)
class CPythonBehaviourTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("io.github.socketserver.CPythonServers#familiesAndModes")
	void serverAddressIsTheBoundAddressAndTheSocketIsClosedAfterClose(String family, String mode) throws IOException {
		BaseServer<?> server = CPythonServers.server(family, this.directory,
				CPythonServers.options(family, mode).build(), CPythonServers.ECHO);
		SocketAddress address = server.serverAddress();
		try (server; Serving serving = Serving.start(server)) {
			assertThat(address).isEqualTo(CPythonServers.boundAddress(server));
			if (address instanceof InetSocketAddress inet) {
				assertThat(inet.getPort()).isPositive();
			}
			else {
				assertThat(((UnixDomainSocketAddress) address).getPath())
					.isEqualTo(this.directory.resolve(family.equals("unix-stream") ? "stream.sock" : "datagram.sock"));
			}
			CPythonServers.assertEchoes(server, this.directory);
		}
		assertThat(server.isClosed()).isTrue();
		assertThat(server.channel().isOpen()).isFalse();
		if (address instanceof UnixDomainSocketAddress unix) {
			assertThat(unix.getPath()).doesNotExist();
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("io.github.socketserver.CPythonServers#familiesAndThreadingModes")
	void aThreadingServerClosedWithoutEverServingClosesCleanly(String family, String mode) throws IOException {
		BaseServer<?> server = CPythonServers.server(family, this.directory,
				CPythonServers.options(family, mode).build(), CPythonServers.ECHO);
		long start = System.nanoTime();
		server.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(server.isClosed()).isTrue();
		assertThat(server.channel().isOpen()).isFalse();
		assertThat(server.activeRequests()).isZero();
		ExecutorService pool = server.requestExecutor().executorService();
		if (pool != null) {
			assertThat(pool.isTerminated()).isTrue();
		}
		String prefix = "socketserver-" + server.name() + "-";
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch((thread) -> thread.getName().startsWith(prefix));
		server.close();
		assertThat(server.isClosed()).isTrue();
	}

	/**
	 * Python once kept every request thread (bpo-37193). A pool keeps its threads for the
	 * next requests, no more than its size, until it closes.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("io.github.socketserver.CPythonServers#familiesAndThreadingModes")
	void finishedRequestThreadsAreNotKept(String family, String mode) throws Exception {
		Set<Thread> threads = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
		AtomicInteger handled = new AtomicInteger();
		CPythonServers.Handle record = (request) -> {
			threads.add(Thread.currentThread());
			handled.incrementAndGet();
		};
		BaseServer<?> server = CPythonServers.server(family, this.directory,
				CPythonServers.options(family, mode).build(), record);
		try (server) {
			for (int i = 0; i < 10; i++) {
				try (AutoCloseable client = CPythonServers.request(server)) {
					server.handleRequest();
				}
			}
			await().atMost(TIMEOUT).until(() -> handled.get() == 10 && server.activeRequests() == 0);
			if (mode.equals("pool")) {
				assertThat(threads).isNotEmpty().hasSizeLessThanOrEqualTo(server.threading().maxThreads());
				server.close();
			}
			await().atMost(TIMEOUT).until(() -> {
				System.gc();
				return threads.isEmpty();
			});
		}
	}

}
