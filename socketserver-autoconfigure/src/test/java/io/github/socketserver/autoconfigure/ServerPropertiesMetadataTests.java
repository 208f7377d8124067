package io.github.socketserver.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-kept metadata of {@code socketserver.servers.*} (written by
 * {@code tools/server-metadata.py}, as the configuration processor does not describe map
 * values) agrees with {@link SocketServerProperties.Server} and its groups: the same
 * keys, types and defaults.
 */
class ServerPropertiesMetadataTests {

	private static final String PREFIX = "socketserver.servers.*.";

	private static final Map<String, Setting> settings = new TreeMap<>();

	private static final Map<String, Map<String, Object>> metadata = new TreeMap<>();

	private static final Map<String, List<String>> hints = new TreeMap<>();

	@BeforeAll
	static void readSettingsAndMetadata() throws IOException {
		collect("", SocketServerProperties.Server.class, new SocketServerProperties.Server());
		String json;
		try (InputStream in = ServerPropertiesMetadataTests.class
			.getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
			assertThat(in).as("additional-spring-configuration-metadata.json on the class path").isNotNull();
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<Map<String, Object>> properties = JsonPath.read(json, "$.properties");
		properties.stream()
			.filter((property) -> ((String) property.get("name")).startsWith(PREFIX))
			.forEach((property) -> metadata.put(((String) property.get("name")).substring(PREFIX.length()), property));
		List<Map<String, Object>> valueHints = JsonPath.read(json, "$.hints");
		valueHints.forEach((hint) -> hints.put(((String) hint.get("name")).substring(PREFIX.length()),
				JsonPath.read(hint, "$.values[*].value")));
	}

	@Test
	void describesEverySettingOfAServerAndNoOther() {
		assertThat(settings).containsKeys("family", "port", "command", "socket.queue-size", "stream.max-line-length",
				"socket-file.permissions", "fork.environment");
		assertThat(metadata.keySet()).containsExactlyElementsOf(settings.keySet());
	}

	@Test
	void givesEachSettingTheTypeOfItsProperty() {
		settings.forEach((key, setting) -> assertThat(entry(key).get("type")).as("type of %s", key)
			.isEqualTo(typeName(setting.getter().getGenericReturnType())));
	}

	@Test
	void namesTheClassThatDeclaresEachSetting() {
		settings.forEach((key, setting) -> assertThat(entry(key).get("sourceType")).as("source of %s", key)
			.isEqualTo(setting.getter().getDeclaringClass().getName()));
	}

	@Test
	void givesEachSettingTheDefaultThatAFreshServerHolds() {
		settings.forEach((key, setting) -> {
			Object documented = entry(key).get("defaultValue");
			Object value = setting.defaultValue();
			if (value == null || (value instanceof Collection<?> c && c.isEmpty())
					|| (value instanceof Map<?, ?> m && m.isEmpty())) {
				assertThat(documented).as("default of %s", key).isNull();
			}
			else {
				assertThat(documented).as("default of %s", key).isNotNull();
				assertThat(parse(documented, value.getClass())).as("default of %s", key).isEqualTo(value);
			}
		});
	}

	@Test
	void describesEachSettingWithoutRepeatingItsDefault() {
		settings.keySet().forEach((key) -> {
			String description = (String) entry(key).get("description");
			assertThat(description).as("description of %s", key).isNotBlank().doesNotContain("Default:");
		});
	}

	@Test
	void hintsEveryValueOfEachEnumSetting() {
		settings.forEach((key, setting) -> {
			Class<?> type = setting.getter().getReturnType();
			if (type.isEnum()) {
				List<String> values = Arrays.stream(type.getEnumConstants())
					.map((constant) -> hintValue((Enum<?>) constant))
					.toList();
				assertThat(hints.get(key)).as("hints of %s", key).isEqualTo(values);
			}
		});
		assertThat(hints).containsOnlyKeys(settings.entrySet()
			.stream()
			.filter((setting) -> setting.getValue().getter().getReturnType().isEnum())
			.map(Map.Entry::getKey)
			.toList());
	}

	private static Map<String, Object> entry(String key) {
		Map<String, Object> entry = metadata.get(key);
		assertThat(entry).as("metadata of %s%s", PREFIX, key).isNotNull();
		return entry;
	}

	/**
	 * Collects the leaf settings of a properties class: a getter with a setter is a
	 * setting, a getter alone a group.
	 */
	private static void collect(String prefix, Class<?> type, Object instance) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getName().equals("class")) {
				continue;
			}
			String key = prefix + property.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
			Object value = read(instance, property.getReadMethod());
			if (property.getWriteMethod() == null) {
				assertThat(value).as("group %s", key).isNotNull();
				collect(key + ".", property.getPropertyType(), value);
			}
			else {
				settings.put(key, new Setting(property.getReadMethod(), value));
			}
		}
	}

	private static @Nullable Object read(Object instance, Method getter) {
		try {
			return getter.invoke(instance);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A type as the configuration processor writes it.
	 */
	private static String typeName(Type type) {
		if (type instanceof Class<?> plain) {
			return ClassUtils.resolvePrimitiveIfNecessary(plain).getName();
		}
		ParameterizedType parameterized = (ParameterizedType) type;
		return typeName(parameterized.getRawType()) + Arrays.stream(parameterized.getActualTypeArguments())
			.map(ServerPropertiesMetadataTests::typeName)
			.collect(Collectors.joining(",", "<", ">"));
	}

	/**
	 * A default as the metadata writes it ({@code 30s}, {@code 8KB}, {@code inet}), read
	 * back as the property's type.
	 */
	private static Object parse(Object documented, Class<?> type) {
		if (Duration.class.isAssignableFrom(type)) {
			return DurationStyle.detectAndParse((String) documented);
		}
		if (DataSize.class.isAssignableFrom(type)) {
			return DataSize.parse((String) documented);
		}
		if (Charset.class.isAssignableFrom(type)) {
			return Charset.forName((String) documented);
		}
		if (type.isEnum()) {
			for (Object constant : type.getEnumConstants()) {
				if (hintValue((Enum<?>) constant).equals(documented)) {
					return constant;
				}
			}
			return documented;
		}
		return documented;
	}

	/**
	 * An enum constant as YAML writes it: {@code LENGTH_FIELD} is {@code length-field}.
	 */
	private static String hintValue(Enum<?> constant) {
		return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private record Setting(Method getter, @Nullable Object defaultValue) {
	}

}
