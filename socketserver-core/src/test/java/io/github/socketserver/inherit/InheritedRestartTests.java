package io.github.socketserver.inherit;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import io.github.socketserver.test.SocketLauncher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The restart socket activation is for: one listening socket, held by the supervisor,
 * handed to a first server and, once it stopped, to a second, while a client connects
 * throughout. Clients that arrive between the two wait in the socket's backlog; none is
 * refused or reset.
 */
class InheritedRestartTests {

	private static final int STOPPED_BY_SIGTERM = 143;

	/**
	 * A cap on the load should the test never end the traffic: the traffic runs until the
	 * second instance has answered {@link #ANSWERED_BY_SECOND} connections.
	 */
	private static final int MAX_CONNECTIONS = 60_000;

	private static final int ANSWERED_BY_SECOND = 50;

	@TempDir
	Path dir;

	@Test
	void restartOnTheSameSocketRefusesNoConnection() throws Exception {
		try (SocketLauncher launcher = SocketLauncher.systemd("inet", "stream", null, "echo", "child", this.dir,
				InheritedSocketTests.child("systemd", "inet", "stream", "echo"))) {
			int first = launcher.start();
			InheritedSocketTests.awaitServing(launcher, first);
			try (LineTraffic traffic = new LineTraffic((InetSocketAddress) launcher.address(), MAX_CONNECTIONS,
					Duration.ofMillis(5))) {
				await().atMost(Duration.ofSeconds(60)).until(() -> traffic.answered() >= 50);
				assertThat(launcher.stop()).isEqualTo(STOPPED_BY_SIGTERM);
				int madeWhileStopped = traffic.made();
				int second = launcher.start();
				await().atMost(Duration.ofSeconds(60)).until(() -> traffic.made() > madeWhileStopped);
				InheritedSocketTests.awaitServing(launcher, second);
				int madeBeforeSecond = traffic.made();
				await().atMost(Duration.ofSeconds(120))
					.until(() -> traffic.answered() >= madeBeforeSecond + ANSWERED_BY_SECOND);
				traffic.finish();
				System.out.println("Restart on an inherited socket: " + traffic);
				assertThat(traffic.refused()).as(traffic.toString()).isZero();
				assertThat(traffic.reset()).as(traffic.toString()).isZero();
				assertThat(traffic.failed()).as(traffic.toString()).isEmpty();
				assertThat(traffic.answered()).as(traffic.toString()).isEqualTo(traffic.made());
				assertThat(madeBeforeSecond).as("connections made while no server ran").isGreaterThan(madeWhileStopped);
			}
			assertThat(launcher.stop()).isEqualTo(STOPPED_BY_SIGTERM);
		}
	}

}
