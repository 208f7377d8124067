package io.github.socketserver.sample;

import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLException;

import io.github.socketserver.test.LocalSocketServerPort;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.test.TlsTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The sample app end to end: every server of the four families answers real clients.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "socketserver.servers.echo.port=0", "socketserver.servers.ping.port=0",
				"socketserver.servers.udp-echo.port=0", "socketserver.servers.syslog-udp.port=0",
				"socketserver.servers.upper.port=0", "socketserver.servers.tls-ping.port=0",
				"socketserver.servers.tls-echo.port=0", "socketserver.servers.message-ping.port=0",
				"socketserver.servers.message-echo.port=0" })
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	@TempDir
	static Path sockets;

	@LocalSocketServerPort("echo")
	int echoPort;

	@LocalSocketServerPort("ping")
	int pingPort;

	@LocalSocketServerPort("tls-ping")
	int tlsPingPort;

	@LocalSocketServerPort("tls-echo")
	int tlsEchoPort;

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
		for (String name : new String[] { "unix-echo", "unix-ping", "unix-dgram-echo", "syslog",
				"unix-message-ping" }) {
			registry.add("socketserver.servers." + name + ".path", () -> sockets.resolve(name + ".sock").toString());
		}
	}

	@Test
	void echoesLinesOverTcp() throws IOException {
		try (SocketTestClient client = SocketTestClient.tcp(this.echoPort)) {
			client.send("hello\nworld\n");
			assertThat(client.readLine()).isEqualTo("hello");
			assertThat(client.readLine()).isEqualTo("world");
		}
	}

	@Test
	void echoesLinesOverUnixSocket() throws IOException {
		try (SocketTestClient client = SocketTestClient.unix(sockets.resolve("unix-echo.sock"))) {
			client.sendLine("over unix");
			assertThat(client.readLine()).isEqualTo("over unix");
		}
	}

	@Test
	void answersRedisPingInlineAndAsRespArray() throws IOException {
		try (SocketTestClient client = SocketTestClient.tcp(this.pingPort)) {
			client.send("PING\r\n");
			assertThat(client.readLine()).isEqualTo("+PONG");
			client.send("*1\r\n$4\r\nPING\r\n");
			assertThat(client.readLine()).isEqualTo("+PONG");
			client.send("*2\r\n$4\r\nPING\r\n$5\r\nhello\r\n");
			assertThat(client.readLine()).isEqualTo("$5");
			assertThat(client.readLine()).isEqualTo("hello");
			client.send("GET x\r\n");
			assertThat(client.readLine()).isEqualTo("-ERR unknown command 'GET'");
			client.send("QUIT\r\n");
			assertThat(client.readLine()).isEqualTo("+OK");
			assertThat(client.read()).isEqualTo(-1);
		}
	}

	@Test
	void answersRedisPingOverTlsWithTheDemoCertificate() throws IOException {
		try (TlsTestClient client = TlsTestClient.tcp(DemoTls.client(false), this.tlsPingPort, null)) {
			client.sendLine("PING");
			assertThat(client.readLine()).isEqualTo("+PONG");
			assertThat(client.session().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
		}
	}

	@Test
	void echoesOverTlsOnlyToAClientWithTheDemoClientCertificate() throws IOException {
		try (TlsTestClient client = TlsTestClient.tcp(DemoTls.client(true), this.tlsEchoPort, null)) {
			client.sendLine("hello over tls");
			assertThat(client.readLine()).isEqualTo("hello over tls");
		}
		assertThatException().isThrownBy(() -> {
			try (TlsTestClient client = TlsTestClient.tcp(DemoTls.client(false), this.tlsEchoPort, null)) {
				client.sendLine("no certificate");
				client.readLine();
			}
		}).isInstanceOfAny(SSLException.class, SocketException.class);
	}

	@Test
	void answersRedisPingOverUnixSocket() throws IOException {
		try (SocketTestClient client = SocketTestClient.unix(sockets.resolve("unix-ping.sock"))) {
			client.send("PING\r\n");
			assertThat(client.readLine()).isEqualTo("+PONG");
		}
	}

	@Test
	void echoesDatagramsOverUdp() throws IOException {
		try (SocketTestClient client = SocketTestClient.udp(this.udpEchoPort)) {
			client.send("datagram");
			assertThat(client.receiveAsString()).isEqualTo("datagram");
		}
	}

	@Test
	void echoesDatagramsOverUnixSocketToAClientThatBound() throws IOException {
		try (SocketTestClient client = SocketTestClient.unixDatagram(sockets.resolve("unix-dgram-echo.sock"))) {
			client.send("unix datagram");
			assertThat(client.receiveAsString()).isEqualTo("unix datagram");
		}
	}

	@Test
	void receivesSyslogOverUdpAndUnixDatagrams() throws IOException {
		long before = this.syslog.received();
		try (SocketTestClient udp = SocketTestClient.udp(this.syslogPort);
				SocketTestClient unix = SocketTestClient.unixDatagram(sockets.resolve("syslog.sock"))) {
			udp.send("<13>Nov 24 01:00:00 app: hello");
			unix.send("<13>Nov 24 01:00:00 app: hello");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.syslog.received() == before + 2);
	}

	@Test
	void logsASyslogMessageWithItsLineBreaksEscaped(CapturedOutput output) throws IOException {
		long before = this.syslog.received();
		try (SocketTestClient udp = SocketTestClient.udp(this.syslogPort)) {
			udp.send("<13>app: hello\r\n2026-01-01 ERROR forged line\u001b[2J end");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.syslog.received() == before + 1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().contains("app: hello\\x0d\\x0a2026-01-01 ERROR forged line\\x1b[2J end"));
		assertThat(output.getOut().lines()).noneMatch((line) -> line.startsWith("2026-01-01 ERROR forged"));
	}

	@Test
	void exposesHealthOverActuator() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"UP\"");
	}

}
