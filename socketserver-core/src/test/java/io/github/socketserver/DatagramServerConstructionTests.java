package io.github.socketserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.Supplier;

import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.RequestHandler;
import io.github.socketserver.options.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * A datagram server whose construction fails after its channel was opened (no handler
 * given; on Java 17, the {@code virtual} mode) closes that channel.
 */
class DatagramServerConstructionTests {

	private static final int ATTEMPTS = 64;

	@TempDir
	Path directory;

	@Test
	void aFailedUdpConstructionLeaksNoChannel() throws IOException {
		long before = BaseServerTests.openDescriptors();
		for (int i = 0; i < ATTEMPTS; i++) {
			assertThatNullPointerException().isThrownBy(() -> new UdpServer(new InetSocketAddress("127.0.0.1", 0),
					noHandlers(), ServerOptions.defaults(), true));
		}
		assertThat(BaseServerTests.openDescriptors() - before).isLessThan(ATTEMPTS / 4);
	}

	@Test
	void aFailedUnixDatagramConstructionLeaksNoChannel() throws IOException {
		long before = BaseServerTests.openDescriptors();
		for (int i = 0; i < ATTEMPTS; i++) {
			assertThatNullPointerException()
				.isThrownBy(() -> new UnixDatagramServer(this.directory.resolve("leak.sock"), noHandlers(),
						ServerOptions.defaults(), true));
		}
		assertThat(BaseServerTests.openDescriptors() - before).isLessThan(ATTEMPTS / 4);
	}

	private static Supplier<? extends RequestHandler<DatagramRequest>> noHandlers() {
		return null;
	}

}
