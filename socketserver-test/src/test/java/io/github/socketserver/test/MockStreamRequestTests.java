package io.github.socketserver.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.TcpServer;

import io.github.socketserver.codec.LengthFieldCodec;
import io.github.socketserver.handler.LineTooLongException;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.message.MessageStreamHandler;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MockStreamRequest}: a handler runs on it as on a connection.
 */
class MockStreamRequestTests {

	private final StreamRequestHandler lineEcho = (request) -> {
		for (String line = request.rfile().readLine(); line != null; line = request.rfile().readLine()) {
			request.wfile().write(line + "\n");
		}
	};

	@Test
	void givesTheInputLineByLineAndThenTheEndOfTheStream() throws Exception {
		MockStreamRequest request = MockStreamRequest.of("PING\r\nsecond\n");
		assertThat(request.rfile().readLine()).isEqualTo("PING");
		assertThat(request.rfile().readLine()).isEqualTo("second");
		assertThat(request.rfile().readLine()).isNull();
		assertThat(request.rfile().read()).isEqualTo(-1);
	}

	@Test
	void runsAMessageHandlerFrameByFrameWithTheCodecGiven() throws Exception {
		LengthFieldCodec codec = new LengthFieldCodec(64, 1);
		MockStreamRequest request = MockStreamRequest.builder()
			.input(new byte[] { 4, 'P', 'I', 'N', 'G', 2, 'h', 'i' })
			.codec(codec)
			.build();
		new MessageStreamHandler((message) -> message.reply(message.text().toLowerCase())).handle(request);
		assertThat(request.output()).containsExactly(4, 'p', 'i', 'n', 'g', 2, 'h', 'i');
	}

	@Test
	void readsNoFrameWithoutACodec() {
		MockStreamRequest request = MockStreamRequest.of("PING\n");
		assertThatIllegalStateException().isThrownBy(() -> request.rfile().readFrame())
			.withMessageContaining("framing");
	}

	@Test
	void givesBackWhatTheHandlerWroteIncludingWhatItNeverFlushed() throws Exception {
		MockStreamRequest request = MockStreamRequest.of("one\n");
		StreamRequestHandler handler = (r) -> r.wfile().write(r.rfile().readLine() + ", never flushed");
		handler.handle(request);
		assertThat(request.wfile().hasPending()).isTrue();
		assertThat(request.outputAsString()).isEqualTo("one, never flushed");
		assertThat(request.wfile().hasPending()).isFalse();
	}

	@Test
	void answersEachLineOfALineProtocol() throws Exception {
		MockStreamRequest request = MockStreamRequest.of("one\ntwo\n");
		this.lineEcho.handle(request);
		assertThat(request.output()).isEqualTo("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void keepsTheOrderOfFlushedAndPendingOutput() throws Exception {
		MockStreamRequest request = MockStreamRequest.of("");
		StreamRequestHandler handler = (r) -> {
			r.wfile().write("flushed ");
			r.wfile().flush();
			r.wfile().write("pending");
		};
		handler.handle(request);
		assertThat(request.outputAsString()).isEqualTo("flushed pending");
	}

	@Test
	void takesBytesThatAreNoText() throws Exception {
		byte[] input = { 0, (byte) 0xff, 10, 13 };
		MockStreamRequest request = MockStreamRequest.of(input);
		StreamRequestHandler copy = (r) -> r.rfile().transferTo(r.wfile());
		copy.handle(request);
		assertThat(request.output()).isEqualTo(input);
	}

	@Test
	void tellsTheHandlerItsClientAndServer() throws Exception {
		InetSocketAddress client = new InetSocketAddress("192.0.2.7", 40000);
		MockStreamRequest request = MockStreamRequest.builder()
			.input("who\n")
			.clientAddress(client)
			.serverName("greeter")
			.build();
		StreamRequestHandler handler = (r) -> r.wfile().write(r.server().name() + " to " + r.clientAddress());
		handler.handle(request);
		assertThat(request.outputAsString()).isEqualTo("greeter to " + client);
		assertThat(request.peerAddress()).isEqualTo(client);
	}

	@Test
	void takesAUnixClientAddress() {
		UnixDomainSocketAddress client = UnixDomainSocketAddress.of("");
		assertThat(MockStreamRequest.builder().clientAddress(client).build().clientAddress()).isEqualTo(client);
	}

	@Test
	void refusesALineLongerThanTheMaximumAsTheServerDoes() {
		MockStreamRequest request = MockStreamRequest.builder().input("x".repeat(20) + "\n").maxLineLength(10).build();
		assertThatExceptionOfType(LineTooLongException.class).isThrownBy(() -> request.rfile().readLine());
	}

	@Test
	void acceptsTimeoutsWithoutASocket() throws Exception {
		MockStreamRequest request = MockStreamRequest.of("late\n");
		request.setReadTimeout(Duration.ofMillis(1));
		request.setIdleTimeout(Duration.ofMillis(1));
		assertThat(request.rfile().readLine()).isEqualTo("late");
	}

	@Test
	void hasNoSocket() {
		assertThatIllegalStateException().isThrownBy(() -> MockStreamRequest.of("").socket())
			.withMessageContaining("in memory");
	}

	@Test
	void notesAShutdownTheHandlerAskedFor() throws Exception {
		MockStreamRequest request = MockStreamRequest.of("");
		assertThat(request.shutdownRequested()).isFalse();
		StreamRequestHandler stopping = (r) -> r.server().shutdown();
		stopping.handle(request);
		assertThat(request.shutdownRequested()).isTrue();
	}

	@Test
	void failsAWriteAfterTheRequestClosedAsTheServerWould() throws Exception {
		StreamRequest request = MockStreamRequest.of("");
		assertThat(request.close()).isTrue();
		assertThat(request.close()).isFalse();
		assertThat(request.wfile().isClosed()).isTrue();
		assertThatIOException().isThrownBy(() -> request.wfile().write(1));
		assertThatIOException().isThrownBy(() -> request.wfile().write(new byte[] { 1, 2 }));
	}

	@Test
	void aRealServerFailsAWriteAfterTheRequestClosedToo() throws Exception {
		CompletableFuture<@Nullable Throwable> failure = new CompletableFuture<>();
		StreamRequestHandler handler = (request) -> {
			request.close();
			try {
				request.wfile().write(1);
				failure.complete(null);
			}
			catch (IOException ex) {
				failure.complete(ex);
			}
		};
		try (TcpServer server = new TcpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), handler)) {
			Thread serving = new Thread(() -> {
				try {
					server.serveForever(Duration.ofMillis(50));
				}
				catch (IOException ex) {
					failure.completeExceptionally(ex);
				}
			});
			serving.setDaemon(true);
			serving.start();
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
			}
			server.shutdown();
			serving.join(10_000);
		}
	}

}
