package io.github.socketserver.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration reference keeps up with the configuration metadata.
 */
class ReadmeReferenceTests {

	@Test
	@SuppressWarnings("unchecked")
	void readmeHasARowForEveryDocumentedProperty() throws IOException {
		String metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).isNotNull();
			metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<Map<String, Object>> properties = (List<Map<String, Object>>) JsonParserFactory.getJsonParser()
			.parseMap(metadata)
			.get("properties");
		String readme = Files.readString(Path.of("..", "README.md"));
		assertThat(properties).isNotEmpty();
		for (Map<String, Object> property : properties) {
			String name = (String) property.get("name");
			if (name.equals("socketserver.servers")) {
				continue;
			}
			String row = "| `" + name.replace("*", "<name>") + "` |";
			assertThat(readme).as("README row for %s", name).contains(row);
		}
	}

}
