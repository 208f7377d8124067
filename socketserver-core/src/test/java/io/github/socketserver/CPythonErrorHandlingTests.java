package io.github.socketserver;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * CPython's {@code ErrorHandlerTest} for every family and threading mode: an
 * {@link Exception} from {@code handle()} goes to {@code handleError}
 * ({@code test_sync_handled}, {@code test_threading_handled}); an {@link Error}, Java's
 * counterpart of {@code SystemExit}, skips it and leaves {@code handleRequest()} in
 * {@code sync} mode ({@code test_sync_not_handled}), or reaches the request thread's
 * uncaught-exception handler ({@code test_threading_not_handled}).
 */
@Timeout(60)
class CPythonErrorHandlingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final List<Exception> handledErrors = new CopyOnWriteArrayList<>();

	@TempDir
	Path directory;

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("io.github.socketserver.CPythonServers#familiesAndModes")
	void anExceptionFromHandleGoesToHandleErrorOnce(String family, String mode) throws Exception {
		try (BaseServer<?> server = server(family, mode, (request) -> {
			throw new IllegalStateException("handled");
		})) {
			try (AutoCloseable client = CPythonServers.request(server)) {
				server.handleRequest();
			}
			await().atMost(TIMEOUT).until(() -> !this.handledErrors.isEmpty() && server.activeRequests() == 0);
		}
		assertThat(this.handledErrors).singleElement()
			.isInstanceOfSatisfying(IllegalStateException.class,
					(exception) -> assertThat(exception).hasMessage("handled"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.github.socketserver.CPythonServers#families")
	void anErrorFromHandleSkipsHandleErrorAndLeavesHandleRequestInSyncMode(String family) throws Exception {
		try (BaseServer<?> server = server(family, "sync", (request) -> {
			throw new BaseServerTests.Fatal();
		}); AutoCloseable client = CPythonServers.request(server)) {
			assertThatExceptionOfType(BaseServerTests.Fatal.class).isThrownBy(server::handleRequest);
			assertThat(server.activeRequests()).isZero();
			if (server.socketType() == SocketType.STREAM) {
				assertThat(((SocketTestClient) client).read()).isEqualTo(-1);
			}
		}
		assertThat(this.handledErrors).isEmpty();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("io.github.socketserver.CPythonServers#familiesAndThreadingModes")
	void anErrorFromHandleSkipsHandleErrorAndReachesTheUncaughtExceptionHandler(String family, String mode)
			throws Exception {
		List<Thread> uncaught = new CopyOnWriteArrayList<>();
		Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
		Thread.setDefaultUncaughtExceptionHandler((thread, exception) -> {
			if (exception instanceof BaseServerTests.Fatal) {
				uncaught.add(thread);
			}
			else if (previous != null) {
				previous.uncaughtException(thread, exception);
			}
			else {
				exception.printStackTrace();
			}
		});
		try (BaseServer<?> server = server(family, mode, (request) -> {
			throw new BaseServerTests.Fatal();
		})) {
			try (AutoCloseable client = CPythonServers.request(server)) {
				server.handleRequest();
				if (server.socketType() == SocketType.STREAM) {
					assertThat(((SocketTestClient) client).read()).isEqualTo(-1);
				}
			}
			// Awaitility would otherwise catch the error itself while it waits.
			await().dontCatchUncaughtExceptions()
				.atMost(TIMEOUT)
				.until(() -> !uncaught.isEmpty() && server.activeRequests() == 0);
			assertThat(uncaught).singleElement()
				.satisfies((thread) -> assertThat(thread.getName()).startsWith("socketserver-" + server.name() + "-"));
		}
		finally {
			Thread.setDefaultUncaughtExceptionHandler(previous);
		}
		assertThat(this.handledErrors).isEmpty();
	}

	private BaseServer<?> server(String family, String mode, CPythonServers.Handle handle) throws IOException {
		ServerOptions options = CPythonServers.options(family, mode)
			.errorHandler((request, exception) -> this.handledErrors.add(exception))
			.build();
		return CPythonServers.server(family, this.directory, options, handle);
	}

}
