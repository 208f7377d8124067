package io.github.socketserver.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.test.LocalSocketServerPort;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.test.TlsTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's observability over HTTP: known traffic to the four kinds of server (TCP
 * echo, UDP echo, Unix stream echo, Unix datagram echo) counted exactly in
 * {@code /actuator/prometheus}, the health of each server, and the {@code socketservers}
 * endpoint's JSON.
 * <p>
 * Only the scrape test sends traffic to these four servers, so that its counts are exact;
 * the test that stops a server gets a context of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "socketserver.servers.echo.port=0", "socketserver.servers.ping.port=0",
				"socketserver.servers.udp-echo.port=0", "socketserver.servers.syslog-udp.port=0",
				"socketserver.servers.upper.port=0", "socketserver.servers.tls-ping.port=0",
				"socketserver.servers.tls-echo.port=0", "socketserver.servers.message-ping.port=0",
				"socketserver.servers.message-echo.port=0" })
class SampleApplicationObservabilityTests {

	/**
	 * The sample turns Spring's virtual threads on: servers run virtual on Java 21+, and
	 * a pool of the default size on Java 17.
	 */
	private static final String EXPECTED_THREADING = Threading.isVirtualAvailable() ? "virtual" : "pool(200, 100)";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/**
	 * A sample of the Prometheus text format: name, optional labels, value.
	 */
	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

	@TempDir
	static Path sockets;

	@LocalSocketServerPort("echo")
	int echoPort;

	@LocalSocketServerPort("udp-echo")
	int udpEchoPort;

	@LocalSocketServerPort("tls-ping")
	int tlsPingPort;

	@Value("${local.server.port}")
	int httpPort;

	@Autowired
	SocketServers servers;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void socketFiles(DynamicPropertyRegistry registry) {
		for (String name : new String[] { "unix-echo", "unix-ping", "unix-dgram-echo", "syslog",
				"unix-message-ping" }) {
			registry.add("socketserver.servers." + name + ".path", () -> sockets.resolve(name + ".sock").toString());
		}
	}

	@Test
	void countsKnownTrafficToEachKindOfServerExactlyInPrometheus() throws Exception {
		try (SocketTestClient client = SocketTestClient.tcp(this.echoPort)) {
			assertThat(client.exchange("a\nbb\n")).isEqualTo("a\nbb\n");
		}
		try (SocketTestClient client = SocketTestClient.tcp(this.echoPort)) {
			assertThat(client.exchange("ccc\n")).isEqualTo("ccc\n");
		}
		for (String datagram : new String[] { "x", "yy", "zzz" }) {
			try (SocketTestClient client = SocketTestClient.udp(this.udpEchoPort)) {
				client.send(datagram);
				assertThat(client.receiveAsString()).isEqualTo(datagram);
			}
		}
		try (SocketTestClient client = SocketTestClient.unix(sockets.resolve("unix-echo.sock"))) {
			assertThat(client.exchange("unix\n")).isEqualTo("unix\n");
		}
		for (String datagram : new String[] { "p", "qq" }) {
			try (SocketTestClient client = SocketTestClient.unixDatagram(sockets.resolve("unix-dgram-echo.sock"))) {
				client.send(datagram);
				assertThat(client.receiveAsString()).isEqualTo(datagram);
			}
		}

		Map<String, String> tcp = tags("echo", "inet", "stream");
		Map<String, String> udp = tags("udp-echo", "inet", "datagram");
		Map<String, String> unix = tags("unix-echo", "unix", "stream");
		Map<String, String> unixDgram = tags("unix-dgram-echo", "unix", "datagram");
		// A reply leaves before the request is counted as finished: wait for the last.
		await().atMost(TIMEOUT).untilAsserted(() -> {
			Map<String, Double> samples = scrape();
			assertThat(value(samples, "socketserver_requests_seconds_count", tcp, "outcome", "success")).isEqualTo(2);
			assertThat(value(samples, "socketserver_requests_seconds_count", udp, "outcome", "success")).isEqualTo(3);
			assertThat(value(samples, "socketserver_requests_seconds_count", unix, "outcome", "success")).isEqualTo(1);
			assertThat(value(samples, "socketserver_requests_seconds_count", unixDgram, "outcome", "success"))
				.isEqualTo(2);
			assertThat(value(samples, "socketserver_connections_duration_seconds_count", tcp)).isEqualTo(2);
			assertThat(value(samples, "socketserver_connections_duration_seconds_count", unix)).isEqualTo(1);
		});
		Map<String, Double> samples = scrape();
		assertThat(value(samples, "socketserver_connections_total", tcp)).isEqualTo(2);
		assertThat(value(samples, "socketserver_connections_total", unix)).isEqualTo(1);
		assertThat(value(samples, "socketserver_connections_active", tcp)).isZero();
		assertThat(value(samples, "socketserver_connections_active", unix)).isZero();
		assertThat(samples.keySet()).noneMatch((sample) -> sample.startsWith("socketserver_connections_total")
				&& sample.contains("type=\"datagram\""));
		for (Map<String, String> server : new Map[] { tcp, udp, unix, unixDgram }) {
			assertThat(value(samples, "socketserver_requests_seconds_count", server, "outcome", "error")).isZero();
			assertThat(value(samples, "socketserver_requests_active", server)).isZero();
			for (String reason : new String[] { "verify", "queue-full", "limit", "shutdown" }) {
				assertThat(value(samples, "socketserver_requests_rejected_total", server, "reason", reason)).isZero();
			}
		}
		assertThat(value(samples, "socketserver_bytes_received_bytes_total", tcp)).isEqualTo(9);
		assertThat(value(samples, "socketserver_bytes_sent_bytes_total", tcp)).isEqualTo(9);
		assertThat(value(samples, "socketserver_bytes_received_bytes_total", udp)).isEqualTo(6);
		assertThat(value(samples, "socketserver_bytes_sent_bytes_total", udp)).isEqualTo(6);
		assertThat(value(samples, "socketserver_bytes_received_bytes_total", unix)).isEqualTo(5);
		assertThat(value(samples, "socketserver_bytes_sent_bytes_total", unix)).isEqualTo(5);
		assertThat(value(samples, "socketserver_bytes_received_bytes_total", unixDgram)).isEqualTo(3);
		assertThat(value(samples, "socketserver_bytes_sent_bytes_total", unixDgram)).isEqualTo(3);
		assertThat(value(samples, "socketserver_datagrams_dropped_total", udp)).isZero();
		assertThat(value(samples, "socketserver_datagrams_dropped_total", unixDgram)).isZero();
		assertThat(value(samples, "socketserver_datagrams_truncated_total", udp)).isZero();
		assertThat(value(samples, "socketserver_datagrams_truncated_total", unixDgram)).isZero();
		assertThat(samples.keySet()).filteredOn((sample) -> sample.startsWith("socketserver_"))
			.noneMatch((sample) -> sample.contains("127.0.0.1") || sample.contains(sockets.toString()));
		// The endpoint counts the same requests.
		DocumentContext servers = json(get("/actuator/socketservers").body());
		assertThat(servers.read("$.servers.echo.connections", Integer.class)).isEqualTo(2);
		assertThat(servers.read("$.servers.echo.requests", Integer.class)).isEqualTo(2);
		assertThat(servers.read("$.servers.udp-echo.requests", Integer.class)).isEqualTo(3);
		assertThat(servers.read("$.servers.unix-echo.requests", Integer.class)).isEqualTo(1);
		assertThat(servers.read("$.servers.unix-dgram-echo.requests", Integer.class)).isEqualTo(2);
	}

	@Test
	void showsTlsCertificatesInHealthAndTheEndpointAndTimesHandshakes() throws Exception {
		try (TlsTestClient client = TlsTestClient.tcp(DemoTls.client(false), this.tlsPingPort, null)) {
			client.sendLine("PING");
			assertThat(client.readLine()).isEqualTo("+PONG");
		}
		DocumentContext health = json(get("/actuator/health/socketServers/tls-ping").body());
		assertThat(health.read("$.details.tls.bundles", List.class)).containsExactly("demo");
		assertThat(health.read("$.details.tls.certificates[0].subject", String.class)).isEqualTo("CN=localhost");
		assertThat(health.read("$.details.tls.certificates[0].validityEnds", String.class)).startsWith("2126-");
		assertThat(health.read("$.details.tls.certificates[0].validity", String.class)).isEqualTo("valid");
		DocumentContext echo = json(get("/actuator/socketservers/tls-echo").body());
		assertThat(echo.read("$.tls.clientAuth", String.class)).isEqualTo("need");
		Map<String, Object> plain = json(get("/actuator/socketservers/echo").body()).read("$");
		assertThat(plain.get("tls")).isNull();
		DocumentContext handshakes = json(
				get("/actuator/metrics/socketserver.tls.handshakes?tag=server.name:tls-ping&tag=outcome:success")
					.body());
		assertThat(handshakes.read("$.measurements[?(@.statistic == 'COUNT')].value", List.class)).containsExactly(1.0);
	}

	@Test
	void reportsEveryServerUpUnderSocketServersInHealth() throws Exception {
		HttpResponse<String> response = get("/actuator/health/socketServers");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext health = json(response.body());
		assertThat(health.read("$.status", String.class)).isEqualTo("UP");
		Map<String, Object> components = health.read("$.components");
		assertThat(components).containsOnlyKeys("echo", "unix-echo", "ping", "unix-ping", "udp-echo", "unix-dgram-echo",
				"syslog", "syslog-udp", "upper", "tls-ping", "tls-echo", "message-ping", "unix-message-ping",
				"message-echo");
		assertThat(health.read("$.components.echo.status", String.class)).isEqualTo("UP");
		assertThat(health.read("$.components.echo.details.address", String.class))
			.isEqualTo("127.0.0.1:" + this.echoPort);
		assertThat(health.read("$.components.echo.details.family", String.class)).isEqualTo("inet");
		assertThat(health.read("$.components.echo.details.type", String.class)).isEqualTo("stream");
		assertThat(health.read("$.components.echo.details.threading", String.class)).isEqualTo(EXPECTED_THREADING);
		assertThat(health.read("$.components.echo.details.activeConnections", Integer.class)).isZero();
		assertThat(health.read("$.components.unix-dgram-echo.details.address", String.class))
			.isEqualTo(sockets.resolve("unix-dgram-echo.sock").toString());
		assertThat(health.read("$.components.unix-dgram-echo.details.type", String.class)).isEqualTo("datagram");
	}

	@Test
	@DirtiesContext
	void reportsAStoppedServerDownInHealth() throws Exception {
		ManagedSocketServer echo = this.servers.get("echo");
		assertThat(echo).isNotNull();
		assertThat(json(get("/actuator/health/socketServers/echo").body()).read("$.status", String.class))
			.isEqualTo("UP");
		this.servers.stop("echo");
		HttpResponse<String> response = get("/actuator/health/socketServers/echo");
		assertThat(response.statusCode()).isEqualTo(503);
		DocumentContext health = json(response.body());
		assertThat(health.read("$.status", String.class)).isEqualTo("DOWN");
		assertThat(health.read("$.details.state", String.class)).isEqualTo("stopped");
		assertThat(get("/actuator/health").statusCode()).isEqualTo(503);
		assertThat(json(get("/actuator/health/socketServers/udp-echo").body()).read("$.status", String.class))
			.isEqualTo("UP");
	}

	@Test
	void describesEveryServerAndOneByNameInTheEndpoint() throws Exception {
		HttpResponse<String> response = get("/actuator/socketservers");
		assertThat(response.statusCode()).isEqualTo(200);
		DocumentContext all = json(response.body());
		Map<String, Object> servers = all.read("$.servers");
		assertThat(servers).containsOnlyKeys("echo", "unix-echo", "ping", "unix-ping", "udp-echo", "unix-dgram-echo",
				"syslog", "syslog-udp", "upper", "tls-ping", "tls-echo", "message-ping", "unix-message-ping",
				"message-echo");
		Map<String, Object> echo = all.read("$.servers.echo");
		assertThat(echo).containsOnlyKeys("name", "state", "address", "family", "type", "threading", "startedAt",
				"activeRequests", "connections", "requests", "errors", "rejected", "tls");
		assertThat(echo).containsEntry("name", "echo")
			.containsEntry("state", "running")
			.containsEntry("address", "127.0.0.1:" + this.echoPort)
			.containsEntry("family", "inet")
			.containsEntry("type", "stream")
			.containsEntry("threading", EXPECTED_THREADING)
			.containsEntry("activeRequests", 0);
		assertThat(Instant.parse(all.read("$.servers.echo.startedAt", String.class))).isBefore(Instant.now());
		assertThat(all.read("$.servers.upper.threading", String.class)).isEqualTo("fork(8)");
		assertThat(all.read("$.servers.unix-echo.address", String.class))
			.isEqualTo(sockets.resolve("unix-echo.sock").toString());
		HttpResponse<String> one = get("/actuator/socketservers/udp-echo");
		assertThat(one.statusCode()).isEqualTo(200);
		DocumentContext udpEcho = json(one.body());
		assertThat(udpEcho.read("$.name", String.class)).isEqualTo("udp-echo");
		assertThat(udpEcho.read("$.family", String.class)).isEqualTo("inet");
		assertThat(udpEcho.read("$.type", String.class)).isEqualTo("datagram");
		assertThat(udpEcho.read("$.connections", Integer.class)).isZero();
		assertThat(get("/actuator/socketservers/unknown").statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static DocumentContext json(String body) {
		return JsonPath.parse(body);
	}

	/**
	 * Scrapes {@code /actuator/prometheus} and parses its samples.
	 * @return each sample's value by its name and sorted labels, as
	 * {@link #key(String, Map)} writes them
	 */
	private Map<String, Double> scrape() throws IOException, InterruptedException {
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Double> samples = new HashMap<>();
		for (String line : response.body().split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line);
			assertThat(sample.matches()).as("a sample of the text format: %s", line).isTrue();
			Map<String, String> labels = new TreeMap<>();
			if (sample.group(2) != null) {
				Matcher label = LABEL.matcher(sample.group(2));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.put(key(sample.group(1), labels), Double.parseDouble(sample.group(3)));
		}
		return samples;
	}

	private static double value(Map<String, Double> samples, String name, Map<String, String> tags, String... extra) {
		Map<String, String> labels = new TreeMap<>(tags);
		for (int i = 0; i < extra.length; i += 2) {
			labels.put(extra[i], extra[i + 1]);
		}
		String key = key(name, labels);
		assertThat(samples).as("the scrape has %s", key).containsKey(key);
		return samples.get(key);
	}

	private static String key(String name, Map<String, String> labels) {
		StringBuilder key = new StringBuilder(name).append('{');
		new TreeMap<>(labels).forEach((label, value) -> key.append(label).append("=\"").append(value).append("\","));
		return key.append('}').toString();
	}

	private static Map<String, String> tags(String server, String family, String type) {
		return Map.of("server_name", server, "family", family, "type", type);
	}

}
