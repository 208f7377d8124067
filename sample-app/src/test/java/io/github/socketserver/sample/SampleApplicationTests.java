package io.github.socketserver.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.github.socketserver.context.LocalSocketServerPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app end to end: every server of the four families answers real clients.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "socketserver.servers.echo.port=0", "socketserver.servers.ping.port=0",
				"socketserver.servers.udp-echo.port=0", "socketserver.servers.syslog-udp.port=0",
				"socketserver.servers.upper.port=0" })
class SampleApplicationTests {

	@TempDir
	static Path sockets;

	@LocalSocketServerPort("echo")
	int echoPort;

	@LocalSocketServerPort("ping")
	int pingPort;

	@LocalSocketServerPort("udp-echo")
	int udpEchoPort;

	@LocalSocketServerPort("syslog-udp")
	int syslogPort;

	@Value("${local.server.port}")
	int httpPort;

	@Autowired
	SyslogHandler syslog;

	@DynamicPropertySource
	static void socketFiles(DynamicPropertyRegistry registry) {
		for (String name : new String[] { "unix-echo", "unix-ping", "unix-dgram-echo", "syslog" }) {
			registry.add("socketserver.servers." + name + ".path", () -> sockets.resolve(name + ".sock").toString());
		}
	}

	@Test
	void echoesLinesOverTcp() throws IOException {
		try (Socket socket = connect(this.echoPort)) {
			assertThat(exchange(socket, "hello\nworld\n", 2)).isEqualTo("hello\nworld\n");
		}
	}

	@Test
	void echoesLinesOverUnixSocket() throws IOException {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(sockets.resolve("unix-echo.sock")));
			channel.write(ByteBuffer.wrap("over unix\n".getBytes(StandardCharsets.UTF_8)));
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
			assertThat(reader.readLine()).isEqualTo("over unix");
		}
	}

	@Test
	void answersRedisPingInlineAndAsRespArray() throws IOException {
		try (Socket socket = connect(this.pingPort)) {
			assertThat(exchange(socket, "PING\r\n", 1)).isEqualTo("+PONG\n");
			assertThat(exchange(socket, "*1\r\n$4\r\nPING\r\n", 1)).isEqualTo("+PONG\n");
			assertThat(exchange(socket, "*2\r\n$4\r\nPING\r\n$5\r\nhello\r\n", 2)).isEqualTo("$5\nhello\n");
			assertThat(exchange(socket, "GET x\r\n", 1)).isEqualTo("-ERR unknown command 'GET'\n");
			assertThat(exchange(socket, "QUIT\r\n", 1)).isEqualTo("+OK\n");
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
	}

	@Test
	void answersRedisPingOverUnixSocket() throws IOException {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(sockets.resolve("unix-ping.sock")));
			channel.write(ByteBuffer.wrap("PING\r\n".getBytes(StandardCharsets.US_ASCII)));
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.US_ASCII));
			assertThat(reader.readLine()).isEqualTo("+PONG");
		}
	}

	@Test
	void echoesDatagramsOverUdp() throws IOException {
		try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
			channel.connect(new InetSocketAddress("127.0.0.1", this.udpEchoPort));
			channel.socket().setSoTimeout(5000);
			channel.write(ByteBuffer.wrap("datagram".getBytes(StandardCharsets.UTF_8)));
			ByteBuffer reply = ByteBuffer.allocate(100);
			channel.receive(reply);
			assertThat(new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8)).isEqualTo("datagram");
		}
	}

	@Test
	void echoesDatagramsOverUnixSocketToAClientThatBound() throws IOException {
		try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
			channel.bind(AFUNIXSocketAddress.of(sockets.resolve("client.sock")));
			channel.socket().setSoTimeout(5000);
			channel.send(ByteBuffer.wrap("unix datagram".getBytes(StandardCharsets.UTF_8)),
					AFUNIXSocketAddress.of(sockets.resolve("unix-dgram-echo.sock")));
			ByteBuffer reply = ByteBuffer.allocate(100);
			channel.receive(reply);
			assertThat(new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8))
				.isEqualTo("unix datagram");
		}
	}

	@Test
	void receivesSyslogOverUdpAndUnixDatagrams() throws IOException {
		long before = this.syslog.received();
		try (DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET);
				AFUNIXDatagramChannel unix = AFUNIXDatagramChannel.open()) {
			byte[] message = "<13>Nov 24 01:00:00 app: hello".getBytes(StandardCharsets.UTF_8);
			udp.send(ByteBuffer.wrap(message), new InetSocketAddress("127.0.0.1", this.syslogPort));
			unix.send(ByteBuffer.wrap(message), AFUNIXSocketAddress.of(sockets.resolve("syslog.sock")));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.syslog.received() == before + 2);
	}

	@Test
	void exposesHealthOverActuator() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"");
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout(5000);
		return socket;
	}

	/**
	 * Sends a request and reads {@code lines} lines of answer, each returned ending in a
	 * bare newline.
	 */
	private static String exchange(Socket socket, String request, int lines) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.UTF_8));
		out.flush();
		StringBuilder answer = new StringBuilder();
		StringBuilder line = new StringBuilder();
		while (lines > 0) {
			int b = socket.getInputStream().read();
			if (b < 0) {
				break;
			}
			if (b == '\n') {
				answer.append(line.toString().replace("\r", "")).append('\n');
				line.setLength(0);
				lines--;
			}
			else {
				line.append((char) b);
			}
		}
		return answer.toString();
	}

}
