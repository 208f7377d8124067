package io.github.socketserver.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration reference keeps up with the configuration metadata.
 */
class ReadmeReferenceTests {

	private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

	@Test
	void readmeHasARowForEveryDocumentedProperty() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		List<String> names = propertyNames();
		assertThat(names).contains("socketserver.enabled", "socketserver.servers.*.port");
		for (String name : names) {
			if (!name.equals("socketserver.servers")) {
				assertThat(readme).as("README row for %s", name).contains("| `" + name.replace("*", "<name>") + "` |");
			}
		}
	}

	private List<String> propertyNames() throws IOException {
		String metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).isNotNull();
			metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		int start = metadata.indexOf("\"properties\"");
		int end = metadata.indexOf("\"hints\"", start);
		Matcher matcher = NAME.matcher(metadata.substring(start, (end > start) ? end : metadata.length()));
		List<String> names = new ArrayList<>();
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

}
