package io.github.socketserver.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketServerProperties}: grouped keys bind as Spring Boot binds its
 * own, and the switch of all servers is documented.
 */
class SocketServerPropertiesTests {

	@Test
	void bindsTheGroupsOfAServer() {
		SocketServerProperties.Server server = bind(Map.of("socketserver.servers.echo.port", "9000",
				"socketserver.servers.echo.socket.queue-size", "50", "socketserver.servers.echo.pool.max-threads", "8",
				"socketserver.servers.echo.shutdown.timeout", "5s", "socketserver.servers.echo.access.allow",
				"10.0.0.0/8,::1", "socketserver.servers.echo.fork.environment.LANG", "C.UTF-8"))
			.getServers()
			.get("echo");
		assertThat(server.getPort()).isEqualTo(9000);
		assertThat(server.getSocket().getQueueSize()).isEqualTo(50);
		assertThat(server.getPool().getMaxThreads()).isEqualTo(8);
		assertThat(server.getShutdown().getTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(server.getAccess().getAllow()).containsExactly("10.0.0.0/8", "::1");
		assertThat(server.getFork().getEnvironment()).containsEntry("LANG", "C.UTF-8");
		assertThat(server.getPool().getQueueCapacity()).as("a key left out keeps its default").isEqualTo(100);
	}

	@Test
	void bindsSizesWithAUnitOrInBytes() {
		SocketServerProperties.Server server = bind(Map.of("socketserver.servers.echo.stream.max-line-length", "16KB",
				"socketserver.servers.echo.datagram.max-packet-size", "1432",
				"socketserver.servers.echo.socket.receive-buffer-size", "1MB"))
			.getServers()
			.get("echo");
		assertThat(server.getStream().getMaxLineLength()).isEqualTo(DataSize.ofBytes(16384));
		assertThat(server.getDatagram().getMaxPacketSize()).isEqualTo(DataSize.ofBytes(1432));
		assertThat(server.getSocket().getReceiveBufferSize()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(server.getSocket().getSendBufferSize()).as("unset: the system's").isNull();
	}

	@Test
	void documentsTheSwitchOfAllServers() throws IOException {
		String json;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("spring-configuration-metadata.json on the class path").isNotNull();
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<Map<String, Object>> enabled = JsonPath.read(json, "$.properties[?(@.name == 'socketserver.enabled')]");
		assertThat(enabled).singleElement().satisfies((property) -> {
			assertThat((String) property.get("description")).isNotBlank();
			assertThat(property.get("defaultValue")).isEqualTo(true);
		});
		assertThat(new SocketServerProperties().isEnabled()).isTrue();
	}

	private static SocketServerProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bind("socketserver", SocketServerProperties.class)
			.get();
	}

}
