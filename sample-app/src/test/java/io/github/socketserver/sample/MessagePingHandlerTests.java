package io.github.socketserver.sample;

import java.nio.charset.StandardCharsets;

import io.github.socketserver.test.MockMessageConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message PING handler alone, with the sample's RESP codec and without a socket: the
 * client's bytes are cut by the codec, the handler answers each command, and what the
 * client would read is checked.
 */
class MessagePingHandlerTests {

	private final MessagePingHandler handler = new MessagePingHandler();

	private final MockMessageConnection connection = MockMessageConnection.builder().codec(new RespCodec()).build();

	@Test
	void answersPingInlineAndAsARespArray() throws Exception {
		this.connection.receiveBytes(this.handler, bytes("PING\r\nping\n*1\r\n$4\r\nPING\r\n"));
		assertThat(this.connection.outputAsString()).isEqualTo("+PONG\r\n+PONG\r\n+PONG\r\n");
	}

	@Test
	void answersPingWithAnArgumentAsABulkString() throws Exception {
		this.connection.receiveBytes(this.handler, bytes("*2\r\n$4\r\nPING\r\n$5\r\nhello\r\nPING h\u00e9\r\n"));
		assertThat(this.connection.outputAsString()).isEqualTo("$5\r\nhello\r\n$3\r\nh\u00e9\r\n");
	}

	@Test
	void answersAnyOtherCommandWithAnErrorAsRedisBenchmarkExpects() throws Exception {
		this.connection.receiveBytes(this.handler,
				bytes("*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$4\r\nsave\r\n\r\nGET x\r\n"));
		assertThat(this.connection.outputAsString())
			.isEqualTo("-ERR unknown command 'CONFIG'\r\n-ERR unknown command 'GET'\r\n");
	}

	@Test
	void keepsTheClientsLineEndsOutOfAnErrorReply() throws Exception {
		this.connection.receiveBytes(this.handler, bytes("*1\r\n$9\r\nA\r\n+OK\r\nB\r\n*1\r\n$3\r\nC\u001bD\r\n"));
		assertThat(this.connection.outputAsString())
			.isEqualTo("-ERR unknown command 'A  +OK  B'\r\n-ERR unknown command 'C D'\r\n");
	}

	@Test
	void closesTheConnectionAtQuit() throws Exception {
		this.connection.receiveBytes(this.handler, bytes("QUIT\r\nPING\r\n"));
		assertThat(this.connection.outputAsString()).isEqualTo("+OK\r\n");
		assertThat(this.connection.isOpen()).isFalse();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
