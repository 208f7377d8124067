package io.github.socketserver.test;

import java.lang.reflect.Field;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link LocalSocketServerValues}: the value of each annotation in each type it
 * takes, and a message that says what is wrong otherwise.
 */
class LocalSocketServerValuesTests {

	private final MockEnvironment environment = new MockEnvironment()
		.withProperty("local.socketserver.echo.port", "40123")
		.withProperty("local.socketserver.unix-echo.path", "/tmp/x/echo.sock");

	@Test
	void givesAPortAsANumberOrAsText() throws Exception {
		assertThat(resolve("port")).isEqualTo(40123);
		assertThat(resolve("boxedPort")).isEqualTo(40123);
		assertThat(resolve("portText")).isEqualTo("40123");
	}

	@Test
	void givesAPathAsAPathOrAsText() throws Exception {
		assertThat(resolve("path")).isEqualTo(Path.of("/tmp/x/echo.sock"));
		assertThat(resolve("pathText")).isEqualTo("/tmp/x/echo.sock");
	}

	@Test
	void namesTheMissingPropertyWhenTheServerIsNotRunning() {
		assertThatIllegalStateException().isThrownBy(() -> resolve("otherPort"))
			.withMessageContaining("local.socketserver.other.port is not set")
			.withMessageContaining("otherPort")
			.withMessageContaining("socketserver.servers.other.enabled")
			.withMessageContaining("@SocketServerTest(servers = ...)");
	}

	@Test
	void refusesATypeThatCannotHoldThePort() {
		assertThatIllegalStateException().isThrownBy(() -> resolve("longPort"))
			.withMessageContaining("must be int, Integer or String");
	}

	@Test
	void ignoresAnElementWithoutTheAnnotations() throws Exception {
		assertThat(LocalSocketServerValues.isAnnotated(Targets.class.getDeclaredField("plain"))).isFalse();
		assertThat(resolve("plain")).isNull();
	}

	private Object resolve(String name) throws NoSuchFieldException {
		Field field = Targets.class.getDeclaredField(name);
		return LocalSocketServerValues.resolve(this.environment, field, field.getType());
	}

	static class Targets {

		@LocalSocketServerPort("echo")
		int port;

		@LocalSocketServerPort("echo")
		Integer boxedPort;

		@LocalSocketServerPort("echo")
		String portText;

		@LocalSocketServerPort("echo")
		long longPort;

		@LocalSocketServerPort("other")
		int otherPort;

		@LocalSocketServerPath("unix-echo")
		Path path;

		@LocalSocketServerPath("unix-echo")
		String pathText;

		int plain;

	}

}
