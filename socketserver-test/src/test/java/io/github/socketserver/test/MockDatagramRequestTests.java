package io.github.socketserver.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.github.socketserver.handler.DatagramRequestHandler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MockDatagramRequest}: a datagram handler runs on it as on a received
 * datagram, and its replies are kept.
 */
class MockDatagramRequestTests {

	@Test
	void givesTheReplyTheHandlerWrote() throws Exception {
		MockDatagramRequest request = MockDatagramRequest.of("hello");
		DatagramRequestHandler echo = (r) -> r.wfile().writeBytes(r.packet());
		echo.handle(request);
		assertThat(request.outputAsString()).isEqualTo("hello");
		assertThat(request.replies()).hasSize(1);
	}

	@Test
	void keepsEveryReplyInTheOrderTheClientGetsThem() throws Exception {
		MockDatagramRequest request = MockDatagramRequest.of(new byte[] { 1 });
		DatagramRequestHandler handler = (r) -> {
			r.wfile().write("last".getBytes(StandardCharsets.UTF_8));
			r.reply("first".getBytes(StandardCharsets.UTF_8));
		};
		handler.handle(request);
		assertThat(request.replies()).extracting((reply) -> new String(reply, StandardCharsets.UTF_8))
			.containsExactly("first", "last");
		assertThatIllegalStateException().isThrownBy(request::output).withMessageContaining("replies()");
	}

	@Test
	void givesNothingWhenTheHandlerSentNothing() throws Exception {
		MockDatagramRequest request = MockDatagramRequest.of("quiet");
		DatagramRequestHandler silent = (r) -> r.rfile().readAllBytes();
		silent.handle(request);
		assertThat(request.output()).isEmpty();
	}

	@Test
	void answersNoClientWithoutAnAddressAsTheServerDoes() throws Exception {
		MockDatagramRequest request = MockDatagramRequest.builder().packet("anonymous").clientAddress(null).build();
		assertThat(request.canReply()).isFalse();
		request.wfile().write(1);
		assertThat(request.replies()).isEmpty();
		assertThatIOException().isThrownBy(() -> request.reply(new byte[] { 1 }));
	}

	@Test
	void tellsTheHandlerItsClientAndServer() throws Exception {
		InetSocketAddress client = new InetSocketAddress("192.0.2.9", 514);
		MockDatagramRequest request = MockDatagramRequest.builder()
			.packet("<13>hello")
			.clientAddress(client)
			.serverName("syslog")
			.build();
		assertThat(request.clientAddress()).isEqualTo(client);
		assertThat(request.server().name()).isEqualTo("syslog");
		assertThat(request.rfile().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("<13>hello");
	}

	@Test
	void hasNoSocket() {
		assertThatIllegalStateException().isThrownBy(() -> MockDatagramRequest.of("").socket());
	}

	@Test
	void notesAShutdownTheHandlerAskedFor() throws IOException {
		MockDatagramRequest request = MockDatagramRequest.of("stop");
		request.server().shutdown();
		assertThat(request.shutdownRequested()).isTrue();
	}

}
