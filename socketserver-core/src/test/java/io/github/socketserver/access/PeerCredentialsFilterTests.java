package io.github.socketserver.access;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.socketserver.EchoHandlers;
import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.UnixStreamServer;
import io.github.socketserver.connection.Connection;
import io.github.socketserver.connection.Transport;
import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PeerCredentialsFilter} on a real Unix stream server: a client running as an
 * allowed user or group is served, one whose user and group are not listed is closed and
 * counted as a {@code VERIFY} rejection.
 */
class PeerCredentialsFilterTests {

	private final RecordingListener listener = new RecordingListener();

	private final AtomicInteger handled = new AtomicInteger();

	private final StreamRequestHandler echo = (request) -> {
		this.handled.incrementAndGet();
		EchoHandlers.LINE_ECHO.handle(request);
	};

	@TempDir
	Path directory;

	private String user;

	private String group;

	@BeforeEach
	void whoAmI() throws IOException {
		Path probe = Files.createFile(this.directory.resolve("probe"));
		PosixFileAttributes attributes = Files.readAttributes(probe, PosixFileAttributes.class);
		this.user = attributes.owner().getName();
		this.group = attributes.group().getName();
	}

	@Test
	void servesAClientRunningAsAnAllowedUser() throws IOException {
		assertServed(new PeerCredentialsFilter(Set.of(this.user), Set.of()));
	}

	@Test
	void servesAClientRunningInAnAllowedGroup() throws IOException {
		assertServed(new PeerCredentialsFilter(Set.of(other(this.user)), Set.of(this.group)));
	}

	@Test
	void refusesAClientWhoseUserAndGroupAreNotListed() throws IOException {
		PeerCredentialsFilter filter = new PeerCredentialsFilter(Set.of(other(this.user)), Set.of(other(this.group)));
		try (UnixStreamServer server = server(filter); Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				assertThat(client.readToEnd()).isEmpty();
			}
			assertThat(this.listener.rejections).containsExactly(Rejection.VERIFY);
		}
		assertThat(this.handled).hasValue(0);
	}

	/**
	 * A TCP connection has no peer credentials to read: a filter that cannot read them
	 * refuses, rather than lets everyone in.
	 */
	@Test
	void refusesAConnectionWhosePeerCredentialsCannotBeRead() throws IOException {
		PeerCredentialsFilter filter = new PeerCredentialsFilter(Set.of(this.user), Set.of(this.group));
		ServerOptions options = ServerOptions.builder().name("peers").verifier(filter).listener(this.listener).build();
		try (TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), this.echo, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(client.readToEnd()).isEmpty();
			assertThat(this.listener.rejections).containsExactly(Rejection.VERIFY);
		}
		assertThat(this.handled).hasValue(0);
	}

	@Test
	void refusesAConnectionMadeInMemory() {
		Transport nothing = new Transport() {

			@Override
			public int read(ByteBuffer target, long timeoutNanos) {
				return -1;
			}

			@Override
			public void write(ByteBuffer source) {
				source.position(source.limit());
			}

		};
		RequestServer server = new RequestServer() {

			@Override
			public String name() {
				return "memory";
			}

			@Override
			public SocketAddress serverAddress() {
				return UnixDomainSocketAddress.of("memory.sock");
			}

			@Override
			public void shutdown() {
			}

		};
		StreamRequest request = new StreamRequest(
				Connection.inMemory(UnixDomainSocketAddress.of("client.sock"), nothing), server, 8192);
		assertThat(new PeerCredentialsFilter(Set.of(this.user), Set.of()).verifyRequest(request)).isFalse();
	}

	/**
	 * On a platform that cannot read peer credentials the filter says at start-up that it
	 * will refuse every connection, and does.
	 */
	@Test
	void saysAtStartUpThatItRefusesEveryoneWhereThePlatformCannotReadPeerCredentials() throws IOException {
		Logger logger = (Logger) LoggerFactory.getLogger(PeerCredentialsFilter.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		PeerCredentialsFilter filter;
		try {
			filter = new PeerCredentialsFilter(Set.of(this.user), Set.of(), false);
		}
		finally {
			logger.detachAppender(appender);
		}
		assertThat(appender.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains("SO_PEERCRED").contains("refused");
		});
		try (UnixStreamServer server = server(filter); Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				assertThat(client.readToEnd()).isEmpty();
			}
			assertThat(this.listener.rejections).containsExactly(Rejection.VERIFY);
		}
		assertThat(this.handled).hasValue(0);
	}

	private void assertServed(PeerCredentialsFilter filter) throws IOException {
		try (UnixStreamServer server = server(filter);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("me\n");
			assertThat(client.readLine()).isEqualTo("me");
		}
		assertThat(this.listener.rejections).isEmpty();
		assertThat(this.handled).hasValue(1);
	}

	private UnixStreamServer server(PeerCredentialsFilter filter) throws IOException {
		ServerOptions options = ServerOptions.builder().name("peers").verifier(filter).listener(this.listener).build();
		return new UnixStreamServer(this.directory.resolve("peers.sock"), this.echo, options);
	}

	private static String other(String name) {
		return name.equals("nobody") ? "daemon" : "nobody";
	}

}
