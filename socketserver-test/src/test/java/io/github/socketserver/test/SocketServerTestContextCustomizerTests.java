package io.github.socketserver.test;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.MergedContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link SocketServerTestContextCustomizer}: the settings it puts ahead of the
 * configuration, and the temporary directory it cleans up.
 */
class SocketServerTestContextCustomizerTests {

	private final MockEnvironment environment = new MockEnvironment()
		.withProperty("socketserver.servers.tcp.port", "9000")
		.withProperty("socketserver.servers.unix.family", "unix")
		.withProperty("socketserver.servers.unix.path", "/configured/unix.sock")
		.withProperty("socketserver.servers.off.port", "9001")
		.withProperty("socketserver.servers.off.enabled", "false");

	@Test
	void movesEveryEnabledServerToAFreeAddressAndDeletesTheDirectoryOnClose() {
		Path socketFile;
		try (GenericApplicationContext context = customized(Set.of(), true)) {
			assertThat(this.environment.getProperty("socketserver.servers.tcp.port")).isEqualTo("0");
			assertThat(this.environment.getProperty("socketserver.servers.off.port")).isEqualTo("9001");
			socketFile = Path.of(this.environment.getProperty("socketserver.servers.unix.path"));
			assertThat(socketFile).hasFileName("unix.sock");
			assertThat(socketFile.getParent()).isDirectory();
		}
		assertThat(socketFile.getParent()).doesNotExist();
	}

	@Test
	void makesTheServersConfiguredToInheritASocketOpenTheirOwn() {
		this.environment.withProperty("socketserver.servers.tcp.inherit", "systemd")
			.withProperty("socketserver.servers.tcp.inherit-name", "tcp")
			.withProperty("socketserver.servers.unix.inherit", "systemd");
		try (GenericApplicationContext context = customized(Set.of(), true)) {
			assertThat(this.environment.getProperty("socketserver.servers.tcp.inherit")).isEqualTo("none");
			assertThat(this.environment.getProperty("socketserver.servers.tcp.inherit-name")).isEmpty();
			assertThat(this.environment.getProperty("socketserver.servers.unix.inherit")).isEqualTo("none");
			assertThat(this.environment.getProperty("socketserver.servers.tcp.port")).isEqualTo("0");
		}
	}

	@Test
	void disablesTheServersNotNamed() {
		try (GenericApplicationContext context = customized(Set.of("tcp"), true)) {
			assertThat(this.environment.getProperty("socketserver.servers.unix.enabled")).isEqualTo("false");
			assertThat(this.environment.getProperty("socketserver.servers.unix.path"))
				.isEqualTo("/configured/unix.sock");
			assertThat(this.environment.getProperty("socketserver.servers.tcp.port")).isEqualTo("0");
		}
	}

	@Test
	void keepsTheConfiguredAddressesWhenAsked() {
		try (GenericApplicationContext context = customized(Set.of(), false)) {
			assertThat(this.environment.getProperty("socketserver.servers.tcp.port")).isEqualTo("9000");
			assertThat(this.environment.getProperty("socketserver.servers.unix.path"))
				.isEqualTo("/configured/unix.sock");
		}
	}

	@Test
	void refusesToNameAServerThatIsNotConfigured() {
		assertThatIllegalStateException().isThrownBy(() -> customized(Set.of("tcp", "nope"), true))
			.withMessage("@SocketServerTest names servers that are not configured: [nope]. Configured under "
					+ "socketserver.servers: [off, tcp, unix].");
	}

	@Test
	void sharesTheContextOfTestsThatAskTheSame() {
		assertThat(new SocketServerTestContextCustomizer(Set.of("a"), true))
			.isEqualTo(new SocketServerTestContextCustomizer(Set.of("a"), true))
			.hasSameHashCodeAs(new SocketServerTestContextCustomizer(Set.of("a"), true))
			.isNotEqualTo(new SocketServerTestContextCustomizer(Set.of("a"), false))
			.isNotEqualTo(new SocketServerTestContextCustomizer(Set.of(), true));
	}

	private GenericApplicationContext customized(Set<String> servers, boolean freeAddresses) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.setEnvironment(this.environment);
		new SocketServerTestContextCustomizer(servers, freeAddresses).customizeContext(context,
				new MergedContextConfiguration(getClass(), null, null, null, null));
		context.refresh();
		return context;
	}

}
