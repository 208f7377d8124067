package io.github.socketserver.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.UnixStreamServer;
import io.github.socketserver.access.AddressFilter;
import io.github.socketserver.access.AddressRange;
import io.github.socketserver.fork.ChildCommand;
import io.github.socketserver.fork.StreamCommandHandler;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One client address everywhere: after the PROXY header, the access lists, the per-client
 * cap, the listener (metrics, observations), the logs and a fork child see the client
 * behind the balancer, on TCP and Unix servers alike.
 */
@Timeout(60)
class ProxyProtocolPathTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private final Listener listener = new Listener();

	@Test
	void theAccessListsJudgeTheClientBehindTheBalancer() throws IOException {
		AddressFilter filter = new AddressFilter(List.of(), List.of(AddressRange.parse("203.0.113.0/24")));
		StreamRequestHandler hello = (request) -> request.wfile().write("hello " + request.clientAddress() + "\n");
		ServerOptions options = options().verifier(filter).build();
		try (TcpServer server = new TcpServer(LOOPBACK, hello, options); Serving serving = Serving.start(server)) {
			try (SocketTestClient denied = SocketTestClient.connect(server.serverAddress())) {
				denied.send(ProxyHeaders.v2("203.0.113.9", 4000, "10.0.0.1", 9000).bytes());
				assertThat(denied.readToEnd()).as("closed by the server").isEmpty();
			}
			try (SocketTestClient allowed = SocketTestClient.connect(server.serverAddress())) {
				allowed.send(ProxyHeaders.v2("198.51.100.9", 4001, "10.0.0.1", 9000).bytes());
				assertThat(allowed.readLine()).isEqualTo("hello /198.51.100.9:4001");
			}
		}
		await().until(() -> this.listener.rejected.size() == 1);
		assertThat(this.listener.rejected).containsExactly(new InetSocketAddress("203.0.113.9", 4000));
		assertThat(this.listener.started).containsExactly(new InetSocketAddress("198.51.100.9", 4001));
	}

	@Test
	void thePerClientCapCountsTheClientBehindTheBalancer() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		StreamRequestHandler holding = (request) -> {
			request.wfile().write("in\n");
			request.wfile().flush();
			release.await();
		};
		ServerOptions options = options().maxRequestsPerClient(1).build();
		try (TcpServer server = new TcpServer(LOOPBACK, holding, options);
				Serving serving = Serving.start(server);
				SocketTestClient first = SocketTestClient.connect(server.serverAddress());
				SocketTestClient other = SocketTestClient.connect(server.serverAddress());
				SocketTestClient again = SocketTestClient.connect(server.serverAddress())) {
			first.send(ProxyHeaders.v1("PROXY TCP4 192.0.2.1 10.0.0.1 1000 9000"));
			assertThat(first.readLine()).isEqualTo("in");
			other.send(ProxyHeaders.v1("PROXY TCP4 192.0.2.2 10.0.0.1 1000 9000"));
			assertThat(other.readLine()).isEqualTo("in");
			again.send(ProxyHeaders.v1("PROXY TCP4 192.0.2.1 10.0.0.1 1001 9000"));
			assertThat(again.readToEnd()).as("closed by the server: the same client").isEmpty();
			release.countDown();
		}
		assertThat(this.listener.rejected).containsExactly(new InetSocketAddress("192.0.2.1", 1001));
	}

	@Test
	void theLogsNameTheClientBehindTheBalancer() throws IOException {
		Logger logger = (Logger) LoggerFactory.getLogger("io.github.socketserver");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		StreamRequestHandler failing = (request) -> {
			throw new IllegalStateException("handler failed");
		};
		try (TcpServer server = new TcpServer(LOOPBACK, failing, options().build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(ProxyHeaders.v2("192.0.2.44", 5555, "10.0.0.1", 9000).bytes());
			assertThat(client.readToEnd()).isEmpty();
			await().until(() -> messages(appender).stream().anyMatch((line) -> line.contains("/192.0.2.44:5555")));
		}
		finally {
			logger.detachAppender(appender);
		}
	}

	@Test
	void aForkChildGetsTheClientBehindTheBalancerAsRemoteAddr() throws IOException {
		ServerOptions options = options().threading(Threading.fork(2, Duration.ofSeconds(10))).build();
		StreamCommandHandler handler = new StreamCommandHandler(
				ChildCommand.of("sh", "-c", "read line; echo \"$REMOTE_ADDR $REMOTE_PORT $line\""), options.listener());
		try (TcpServer server = new TcpServer(LOOPBACK, handler, options);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(ProxyHeaders.v2("2001:db8::5", 6000, "2001:db8::1", 9000).then("from the child\n"));
			assertThat(client.readLine()).isEqualTo("2001:db8:0:0:0:0:0:5 6000 from the child");
		}
	}

	@Test
	void aUnixServerBehindABalancerSeesTheInetClient(@TempDir Path directory) throws IOException {
		StreamRequestHandler hello = (request) -> request.wfile()
			.write(request.clientAddress() + " " + request.rfile().readLine() + "\n");
		Path path = directory.resolve("proxied.sock");
		try (UnixStreamServer server = new UnixStreamServer(path, hello, options().build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.unix(path)) {
			client.send(ProxyHeaders.v2("192.0.2.77", 7000, "10.0.0.1", 9000).then("over unix\n"));
			assertThat(client.readLine()).isEqualTo("/192.0.2.77:7000 over unix");
		}
		assertThat(this.listener.started).containsExactly(new InetSocketAddress("192.0.2.77", 7000));
	}

	@Test
	void aUnixServerFiltersTheClientsTheBalancerReportsAndServesItsOwnConnections(@TempDir Path directory)
			throws IOException {
		AddressFilter filter = new AddressFilter(List.of(AddressRange.parse("198.51.100.0/24")), List.of());
		StreamRequestHandler hello = (request) -> request.wfile()
			.write(request.clientAddress() + " " + request.rfile().readLine() + "\n");
		Path path = directory.resolve("filtered.sock");
		try (UnixStreamServer server = new UnixStreamServer(path, hello, options().verifier(filter).build());
				Serving serving = Serving.start(server)) {
			try (SocketTestClient check = SocketTestClient.unix(path)) {
				check.send(ProxyHeaders.v2Local().then("health check\n"));
				assertThat(check.readLine()).as("the balancer's own connection keeps its unix address")
					.endsWith(" health check")
					.doesNotStartWith("/");
			}
			try (SocketTestClient outside = SocketTestClient.unix(path)) {
				outside.send(ProxyHeaders.v2("203.0.113.9", 4000, "10.0.0.1", 9000).then("outside\n"));
				assertThat(outside.readToEnd()).as("closed by the server").isEmpty();
			}
			try (SocketTestClient inside = SocketTestClient.unix(path)) {
				inside.send(ProxyHeaders.v2("198.51.100.9", 4001, "10.0.0.1", 9000).then("inside\n"));
				assertThat(inside.readLine()).isEqualTo("/198.51.100.9:4001 inside");
			}
		}
		await().until(() -> this.listener.rejected.size() == 1);
		assertThat(this.listener.rejected).containsExactly(new InetSocketAddress("203.0.113.9", 4000));
	}

	private static List<String> messages(ListAppender<ILoggingEvent> appender) {
		synchronized (appender) {
			return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
		}
	}

	private ServerOptions.Builder options() {
		return ServerOptions.builder()
			.name("proxied")
			.threading(Threading.thread())
			.listener(this.listener)
			.addLayer(new ProxyProtocolLayer(ProxyProtocolMode.REQUIRED, ProxyProtocolLayer.EVERY_PEER,
					Duration.ofSeconds(10)));
	}

	/**
	 * Remembers the client address of the requests started and refused.
	 */
	private static final class Listener implements SocketServerListener {

		final List<SocketAddress> started = new CopyOnWriteArrayList<>();

		final List<SocketAddress> rejected = new CopyOnWriteArrayList<>();

		@Override
		public Object requestStarted(Request request) {
			this.started.add(request.clientAddress());
			return null;
		}

		@Override
		public void requestRejected(Request request, Rejection reason) {
			this.rejected.add(request.clientAddress());
		}

	}

}
