package io.github.socketserver.sample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.test.LocalSocketServerPath;
import io.github.socketserver.test.LocalSocketServerPort;
import io.github.socketserver.test.SocketServerTest;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample's message servers over real sockets: Redis PING through the sample's RESP
 * codec over TCP and a Unix socket, driven by a plain client and by {@code redis-cli} and
 * {@code redis-benchmark} where they are installed, and the length-prefixed echo.
 */
@SocketServerTest(servers = { "message-ping", "unix-message-ping", "message-echo" })
class MessageServersTests {

	@LocalSocketServerPort("message-ping")
	int pingPort;

	@LocalSocketServerPath("unix-message-ping")
	Path pingSocket;

	@LocalSocketServerPort("message-echo")
	int echoPort;

	@Test
	void answersPipelinedCommandsInOrder() throws IOException {
		try (SocketTestClient client = SocketTestClient.tcp(this.pingPort)) {
			client.send("PING\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nPING\r\n$5\r\nhello\r\nGET x\r\nPING\r\n");
			assertThat(client.readLine()).isEqualTo("+PONG");
			assertThat(client.readLine()).isEqualTo("+PONG");
			assertThat(client.readLine()).isEqualTo("$5");
			assertThat(client.readLine()).isEqualTo("hello");
			assertThat(client.readLine()).isEqualTo("-ERR unknown command 'GET'");
			assertThat(client.readLine()).isEqualTo("+PONG");
			client.send("QUIT\r\n");
			assertThat(client.readLine()).isEqualTo("+OK");
			assertThat(client.read()).isEqualTo(-1);
		}
	}

	@Test
	void closesTheConnectionOfAClientThatSendsGarbageAndServesTheOthers() throws IOException {
		try (SocketTestClient bad = SocketTestClient.tcp(this.pingPort);
				SocketTestClient good = SocketTestClient.tcp(this.pingPort)) {
			bad.send("*1\r\n+PING\r\n");
			assertThat(bad.read()).isEqualTo(-1);
			good.send("PING\r\n");
			assertThat(good.readLine()).isEqualTo("+PONG");
		}
	}

	@Test
	void answersOverAUnixSocket() throws IOException {
		try (SocketTestClient client = SocketTestClient.unix(this.pingSocket)) {
			client.send("*1\r\n$4\r\nPING\r\n");
			assertThat(client.readLine()).isEqualTo("+PONG");
		}
	}

	@Test
	void echoesLengthPrefixedFrames() throws IOException {
		try (SocketTestClient client = SocketTestClient.tcp(this.echoPort)) {
			client.send(concat(frame("hello"), frame(""), frame("world!")));
			assertThat(read(client, 9 + 4 + 10)).isEqualTo(concat(frame("hello"), frame(""), frame("world!")));
		}
	}

	@Test
	void answersRedisCli() throws Exception {
		assumeTrue(installed("redis-cli"), "redis-cli is not installed (apt-get install redis-tools)");
		assertThat(run("redis-cli", "-p", String.valueOf(this.pingPort), "ping")).isEqualTo("PONG");
		assertThat(run("redis-cli", "-p", String.valueOf(this.pingPort), "ping", "hello")).isEqualTo("hello");
		assertThat(run("redis-cli", "-s", this.pingSocket.toString(), "ping")).isEqualTo("PONG");
	}

	@Test
	void servesRedisBenchmarksPingTests() throws Exception {
		assumeTrue(installed("redis-benchmark"), "redis-benchmark is not installed (apt-get install redis-tools)");
		String report = run("redis-benchmark", "-p", String.valueOf(this.pingPort), "-t", "ping_inline,ping_mbulk",
				"-n", "2000", "-c", "4", "-q");
		assertThat(report).contains("PING_INLINE:", "PING_MBULK:").doesNotContain("rror");
	}

	private static byte[] frame(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
	}

	private static byte[] concat(byte[]... parts) {
		ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt((part) -> part.length).sum());
		for (byte[] part : parts) {
			all.put(part);
		}
		return all.array();
	}

	private static byte[] read(SocketTestClient client, int length) throws IOException {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			int b = client.read();
			assertThat(b).as("byte %d of %d", i, length).isNotNegative();
			bytes[i] = (byte) b;
		}
		return bytes;
	}

	private static boolean installed(String command) throws Exception {
		return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
	}

	/**
	 * Runs a client to its end, at most 60 seconds, and gives its output.
	 */
	private static String run(String... command) throws Exception {
		Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
		process.getOutputStream().close();
		boolean ended = process.waitFor(60, TimeUnit.SECONDS);
		if (!ended) {
			process.destroyForcibly();
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(ended).as("%s ended; output: %s", String.join(" ", command), output).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
