package io.github.socketserver.access;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.EchoHandlers;
import io.github.socketserver.Loopback;
import io.github.socketserver.RecordingListener;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link AddressFilter}: deny wins over allow, a non-empty allow list admits only its
 * ranges, and a refused client is closed before any handler sees it and counted as a
 * {@code VERIFY} rejection, on real servers on 127.0.0.1 and ::1.
 */
class AddressFilterTests {

	private final RecordingListener listener = new RecordingListener();

	private final AtomicInteger handled = new AtomicInteger();

	private final StreamRequestHandler echo = (request) -> {
		this.handled.incrementAndGet();
		EchoHandlers.LINE_ECHO.handle(request);
	};

	@Test
	void denyWinsOverAllow() {
		AddressFilter filter = filter(List.of("127.0.0.0/8"), List.of("127.0.0.1"));
		assertThat(filter.verifyRequest(from("127.0.0.1"))).isFalse();
		assertThat(filter.verifyRequest(from("127.0.0.2"))).isTrue();
		assertThat(filter.verifyRequest(from("10.0.0.1"))).isFalse();
	}

	@Test
	void emptyListsAllowEveryone() {
		AddressFilter filter = filter(List.of(), List.of());
		assertThat(filter.verifyRequest(from("127.0.0.1"))).isTrue();
		assertThat(filter.verifyRequest(from("::1"))).isTrue();
	}

	@Test
	void onlyADenyListAllowsEveryoneElse() {
		AddressFilter filter = filter(List.of(), List.of("10.0.0.0/8", "fd00::/8"));
		assertThat(filter.verifyRequest(from("10.1.1.1"))).isFalse();
		assertThat(filter.verifyRequest(from("fd12::1"))).isFalse();
		assertThat(filter.verifyRequest(from("127.0.0.1"))).isTrue();
		assertThat(filter.verifyRequest(from("::1"))).isTrue();
	}

	@Test
	void aUnixClientPassesWhateverTheLists() {
		AddressFilter filter = filter(List.of("127.0.0.1"), List.of("0.0.0.0/0", "::/0"));
		Request unix = request(UnixDomainSocketAddress.of(""));
		assertThat(filter.verifyRequest(unix)).isTrue();
	}

	@Test
	void servesAnAllowedIpv4Client() throws IOException {
		assertServed("127.0.0.1", filter(List.of("127.0.0.1/32"), List.of("10.0.0.0/8")));
	}

	@Test
	void refusesAnIpv4ClientOutsideTheAllowList() throws IOException {
		assertRefused("127.0.0.1", filter(List.of("::1", "10.0.0.0/8"), List.of()));
	}

	@Test
	void refusesADeniedIpv4ClientThatIsAlsoAllowed() throws IOException {
		assertRefused("127.0.0.1", filter(List.of("127.0.0.1"), List.of("127.0.0.0/8")));
	}

	@Test
	void servesAnAllowedIpv6Client() throws IOException {
		assertServed("::1", filter(List.of("::/0"), List.of("127.0.0.0/8")));
	}

	@Test
	void refusesADeniedIpv6Client() throws IOException {
		assertRefused("::1", filter(List.of("::/0"), List.of("::1/128")));
	}

	private void assertServed(String host, AddressFilter filter) throws IOException {
		try (TcpServer server = server(host, filter);
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("let in\n");
			assertThat(client.readLine()).isEqualTo("let in");
		}
		assertThat(this.listener.rejections).isEmpty();
		assertThat(this.handled).hasValue(1);
	}

	private void assertRefused(String host, AddressFilter filter) throws IOException {
		try (TcpServer server = server(host, filter); Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				assertThat(client.readToEnd()).isEmpty();
			}
			assertThat(this.listener.rejections).containsExactly(Rejection.VERIFY);
		}
		assertThat(this.handled).hasValue(0);
	}

	private TcpServer server(String host, AddressFilter filter) throws IOException {
		assumeTrue(!host.contains(":") || Loopback.ipv6Available(), "IPv6 loopback is not available");
		ServerOptions options = ServerOptions.builder()
			.name("filtered")
			.verifier(filter)
			.listener(this.listener)
			.build();
		return new TcpServer(new InetSocketAddress(host, 0), this.echo, options);
	}

	private static AddressFilter filter(List<String> allow, List<String> deny) {
		return new AddressFilter(ranges(allow), ranges(deny));
	}

	private static List<AddressRange> ranges(List<String> texts) {
		return texts.stream().map(AddressRange::parse).toList();
	}

	private static Request from(String host) {
		return request(new InetSocketAddress(host, 40000));
	}

	private static Request request(SocketAddress address) {
		return new Request() {

			@Override
			public SocketAddress clientAddress() {
				return address;
			}

			@Override
			public RequestServer server() {
				throw new UnsupportedOperationException();
			}

		};
	}

}
