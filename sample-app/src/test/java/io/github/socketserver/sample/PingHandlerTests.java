package io.github.socketserver.sample;

import io.github.socketserver.test.MockStreamRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PING handler alone, without a socket or a Spring context: the client's bytes are
 * given, the handler runs, and what it wrote is read back.
 */
class PingHandlerTests {

	private final PingHandler handler = new PingHandler();

	@Test
	void answersPingInline() throws Exception {
		MockStreamRequest request = MockStreamRequest.of("PING\r\n");
		this.handler.handle(request);
		assertThat(request.outputAsString()).isEqualTo("+PONG\r\n");
	}

	@Test
	void answersPingWithAnArgumentAsARespArray() throws Exception {
		MockStreamRequest request = MockStreamRequest.of("*2\r\n$4\r\nPING\r\n$5\r\nhello\r\n");
		this.handler.handle(request);
		assertThat(request.outputAsString()).isEqualTo("$5\r\nhello\r\n");
	}

	@Test
	void stopsReadingAtQuit() throws Exception {
		MockStreamRequest request = MockStreamRequest.of("GET x\r\nQUIT\r\nPING\r\n");
		this.handler.handle(request);
		assertThat(request.outputAsString()).isEqualTo("-ERR unknown command 'GET'\r\n+OK\r\n");
	}

	@Test
	void keepsTheClientsLineEndsOutOfAnErrorReply() throws Exception {
		MockStreamRequest request = MockStreamRequest.of("*1\r\n$9\r\nA\r\n+OK\r\nB\r\n");
		this.handler.handle(request);
		assertThat(request.outputAsString()).isEqualTo("-ERR unknown command 'A  +OK  B'\r\n");
	}

	@Test
	void refusesAMalformedArray() throws Exception {
		MockStreamRequest request = MockStreamRequest.of("*1\r\n$99999999\r\n");
		this.handler.handle(request);
		assertThat(request.outputAsString()).isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
	}

}
