package io.github.socketserver.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.github.socketserver.ServerOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketServerProperties} against the configuration metadata that IDEs
 * show: every setting of a server is documented, with the default it really has.
 */
class SocketServerPropertiesTests {

	private static final String SERVER_PREFIX = "socketserver.servers.*.";

	private static final Pattern DOCUMENTED_DEFAULT = Pattern.compile("Default: ([^ ,;]+?)\\.?$");

	private static Map<String, Map<String, Object>> metadata;

	@BeforeAll
	static void readMetadata() throws IOException {
		String json;
		try (InputStream in = SocketServerPropertiesTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("spring-configuration-metadata.json on the class path").isNotNull();
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		metadata = new LinkedHashMap<>();
		List<Map<String, Object>> properties = JsonPath.read(json, "$.properties");
		for (Map<String, Object> property : properties) {
			metadata.put((String) property.get("name"), property);
		}
	}

	@Test
	void documentsEverySettingOfAServer() {
		for (String name : serverProperties().keySet()) {
			Map<String, Object> entry = metadata.get(SERVER_PREFIX + name);
			assertThat(entry).as("metadata of %s%s", SERVER_PREFIX, name).isNotNull();
			assertThat((String) entry.get("description")).as("description of %s", name).isNotBlank();
		}
	}

	@Test
	void documentsNoSettingThatAServerDoesNotHave() {
		List<String> documented = metadata.keySet()
			.stream()
			.filter((name) -> name.startsWith(SERVER_PREFIX))
			.map((name) -> name.substring(SERVER_PREFIX.length()))
			.toList();
		assertThat(serverProperties().keySet()).containsAll(documented);
	}

	@Test
	void documentsTheDefaultOfEverySettingThatHasOne() {
		SocketServerProperties.Server server = new SocketServerProperties.Server();
		for (Map.Entry<String, PropertyDescriptor> property : serverProperties().entrySet()) {
			Object value = read(server, property.getValue());
			if (value != null && !isEmpty(value)) {
				assertThat(documentedDefault(property.getKey())).as("default of %s", property.getKey())
					.isEqualTo(format(value));
			}
		}
	}

	@Test
	void documentsTheDefaultsThatTheFactoryAppliesToUnsetSettings() {
		ServerOptions options = new ServerOptions();
		Map<String, Object> applied = new LinkedHashMap<>();
		// The factory sets SO_REUSEPORT only when asked, and TCP_NODELAY unless asked not
		// to.
		applied.put("reuse-port", false);
		applied.put("queue-size", SocketServerFactory.DEFAULT_QUEUE_SIZE);
		applied.put("max-threads", SocketServerFactory.DEFAULT_MAX_THREADS);
		applied.put("queue-capacity", SocketServerFactory.DEFAULT_QUEUE_CAPACITY);
		applied.put("tcp-no-delay", true);
		applied.put("max-packet-size", options.maxPacketSize());
		applied.put("max-line-length", options.maxLineLength());
		applied.put("max-connections", SocketServerFactory.DEFAULT_MAX_CONNECTIONS);
		applied.put("max-requests", SocketServerFactory.DEFAULT_MAX_CONNECTIONS);
		applied.put("max-children", SocketServerFactory.DEFAULT_MAX_CHILDREN);
		applied.put("max-children-wait", SocketServerFactory.DEFAULT_MAX_CHILDREN_WAIT);
		applied.forEach((name, value) -> assertThat(documentedDefault(name)).as("default of %s", name)
			.isEqualTo(format(value)));
		// Every other setting left unset documents no default value.
		SocketServerProperties.Server server = new SocketServerProperties.Server();
		serverProperties().forEach((name, property) -> {
			Object value = read(server, property);
			if (!applied.containsKey(name) && (value == null || isEmpty(value))) {
				assertThat(documentedDefault(name)).as("default of %s", name).isNull();
			}
		});
	}

	@Test
	void repeatsTheDefaultValueInTheDescription() {
		for (String name : serverProperties().keySet()) {
			String description = (String) metadata.get(SERVER_PREFIX + name).get("description");
			Matcher matcher = DOCUMENTED_DEFAULT.matcher(description);
			String defaultValue = documentedDefault(name);
			if (matcher.find() && defaultValue != null) {
				assertThat(matcher.group(1)).as("default in the description of %s", name).isEqualTo(defaultValue);
			}
		}
	}

	@Test
	void documentsTheSwitchOfAllServers() {
		Map<String, Object> enabled = metadata.get("socketserver.enabled");
		assertThat(enabled).isNotNull();
		assertThat((String) enabled.get("description")).isNotBlank();
		assertThat(String.valueOf(enabled.get("defaultValue"))).isEqualTo("true");
		assertThat(new SocketServerProperties().isEnabled()).isTrue();
	}

	/**
	 * The JavaBean properties of a server by their kebab-case names, sorted.
	 */
	private static Map<String, PropertyDescriptor> serverProperties() {
		Map<String, PropertyDescriptor> properties = new TreeMap<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(SocketServerProperties.Server.class)) {
			if (!property.getName().equals("class")) {
				properties.put(kebabCase(property.getName()), property);
			}
		}
		assertThat(properties).containsKeys("family", "port", "path", "shutdown-timeout", "auto-startup");
		return properties;
	}

	private static @Nullable String documentedDefault(String name) {
		Map<String, Object> entry = metadata.get(SERVER_PREFIX + name);
		assertThat(entry).as("metadata of %s%s", SERVER_PREFIX, name).isNotNull();
		Object value = entry.get("defaultValue");
		return (value != null) ? String.valueOf(value) : null;
	}

	private static String kebabCase(String name) {
		return name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
	}

	private static boolean isEmpty(Object value) {
		return (value instanceof Collection<?> collection && collection.isEmpty())
				|| (value instanceof Map<?, ?> map && map.isEmpty());
	}

	private static @Nullable Object read(Object bean, PropertyDescriptor property) {
		try {
			return property.getReadMethod().invoke(bean);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes a value as the metadata does: durations as {@code 30s} or {@code 500ms},
	 * enums in lower case.
	 */
	private static String format(Object value) {
		if (value instanceof Duration duration) {
			return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
		}
		if (value instanceof Enum<?> constant) {
			return constant.name().toLowerCase(Locale.ROOT);
		}
		return String.valueOf(value);
	}

}
