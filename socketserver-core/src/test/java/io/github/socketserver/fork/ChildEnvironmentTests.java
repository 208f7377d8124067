package io.github.socketserver.fork;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.RequestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChildEnvironment}: what a child is given, from a JVM environment the
 * test makes up.
 */
class ChildEnvironmentTests {

	private static final Map<String, String> JVM = Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/app", "DB_PASSWORD",
			"secret", "TCPREMOTEHOST", "forged.example", "TCPREMOTEINFO", "forged", "TCPREMOTEIP", "192.0.2.1",
			"REMOTE_ADDR", "192.0.2.1", "REMOTE_PORT", "1");

	@Test
	void keepsOnlyTheMinimalVariablesOfTheJvm() {
		Map<String, String> environment = environment(ChildCommand.of("true"), inet());
		assertThat(environment).containsEntry("PATH", "/usr/bin:/bin")
			.containsEntry("HOME", "/home/app")
			.doesNotContainKeys("DB_PASSWORD", "TCPREMOTEHOST", "TCPREMOTEINFO")
			.containsEntry("REMOTE_ADDR", "127.0.0.1")
			.containsEntry("TCPREMOTEIP", "127.0.0.1")
			.containsEntry("TCPREMOTEPORT", "4321");
	}

	@Test
	void clearsInheritedClientVariablesWhenTheJvmEnvironmentIsInherited() {
		ChildCommand command = new ChildCommand(List.of("true"), null, Map.of("GREETING", "hi"), null, true);
		Map<String, String> environment = environment(command, inet());
		assertThat(environment).containsEntry("DB_PASSWORD", "secret")
			.containsEntry("GREETING", "hi")
			.doesNotContainKeys("TCPREMOTEHOST", "TCPREMOTEINFO")
			.containsEntry("TCPREMOTEIP", "127.0.0.1");
	}

	@Test
	void keepsSystemdsVariablesForThisProcessFromAChildThatInheritsTheEnvironment() {
		Map<String, String> jvm = new HashMap<>(JVM);
		jvm.putAll(Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "LISTEN_PID", "42", "LISTEN_FDS", "1",
				"LISTEN_FDNAMES", "echo", "WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "42"));
		ChildCommand command = new ChildCommand(List.of("true"), null, Map.of(), null, true);
		Map<String, String> target = new HashMap<>();
		ChildEnvironment.fill(target, command, request(inet()), jvm);
		assertThat(target).containsEntry("DB_PASSWORD", "secret")
			.doesNotContainKeys("NOTIFY_SOCKET", "LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "WATCHDOG_USEC",
					"WATCHDOG_PID");
	}

	@Test
	void givesAUnixClientNoAddressAndClearsInheritedOnes() {
		ChildCommand command = new ChildCommand(List.of("true"), null, Map.of(), null, true);
		Map<String, String> environment = environment(command, UnixDomainSocketAddress.of("/tmp/chosen\nby client"));
		assertThat(environment).doesNotContainKeys("REMOTE_ADDR", "REMOTE_PORT", "TCPREMOTEIP", "TCPREMOTEHOST")
			.containsEntry("SOCKETSERVER_NAME", "test");
	}

	/**
	 * A Unix client has no address to describe: what the server's configuration sets in
	 * the client variables stays, while inherited values are cleared.
	 */
	@Test
	void keepsTheConfiguredClientVariablesOfAUnixClient() {
		ChildCommand command = new ChildCommand(List.of("true"), null,
				Map.of("REMOTE_USER", "local", "REMOTE_ADDR", "unix"), null, true);
		Map<String, String> environment = environment(command, UnixDomainSocketAddress.of("/tmp/client"));
		assertThat(environment).containsEntry("REMOTE_USER", "local")
			.containsEntry("REMOTE_ADDR", "unix")
			.doesNotContainKeys("REMOTE_PORT", "TCPREMOTEIP", "TCPREMOTEHOST");
	}

	@Test
	void theConfiguredEnvironmentCannotForgeTheClientAddress() {
		ChildCommand command = new ChildCommand(List.of("true"), null, Map.of("REMOTE_ADDR", "10.0.0.1"), null);
		assertThat(environment(command, inet())).containsEntry("REMOTE_ADDR", "127.0.0.1");
	}

	private static SocketAddress inet() {
		return new InetSocketAddress("127.0.0.1", 4321);
	}

	private static Map<String, String> environment(ChildCommand command, SocketAddress client) {
		Map<String, String> target = new HashMap<>(Map.of("LEFT_OVER", "x"));
		ChildEnvironment.fill(target, command, request(client), JVM);
		assertThat(target).doesNotContainKey("LEFT_OVER");
		return target;
	}

	private static Request request(SocketAddress client) {
		RequestServer server = new RequestServer() {

			@Override
			public String name() {
				return "test";
			}

			@Override
			public SocketAddress serverAddress() {
				return new InetSocketAddress("127.0.0.1", 9);
			}

			@Override
			public void shutdown() {
			}

		};
		return new Request() {

			@Override
			public SocketAddress clientAddress() {
				return client;
			}

			@Override
			public RequestServer server() {
				return server;
			}

		};
	}

}
