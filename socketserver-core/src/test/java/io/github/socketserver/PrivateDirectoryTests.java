package io.github.socketserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PrivateDirectory}: a file taken aside that cannot go back is kept,
 * never deleted.
 */
class PrivateDirectoryTests {

	@TempDir
	Path directory;

	@Test
	void aFileThatCannotBeLinkedBackIsKeptAside() throws IOException {
		Path path = this.directory.resolve("taken.sock");
		Files.writeString(path, "first");
		boolean removed = PrivateDirectory.removeIf(path, (aside) -> {
			// A third file takes the path while the first is aside.
			Files.writeString(path, "third");
			return false;
		});
		assertThat(removed).isFalse();
		assertThat(path).hasContent("third");
		try (Stream<Path> files = Files.walk(this.directory)) {
			assertThat(files.filter(Files::isRegularFile).filter((file) -> !file.equals(path))).singleElement()
				.satisfies((aside) -> assertThat(aside).hasContent("first"));
		}
	}

}
