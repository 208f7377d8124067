package io.github.socketserver.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.message.MessageDatagramHandler;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MockDatagramRequest}: a datagram handler runs on it as on a received
 * datagram, and its replies are kept.
 */
class MockDatagramRequestTests {

	@Test
	void givesTheReplyTheHandlerWrote() throws Exception {
		MockDatagramRequest request = MockDatagramRequest.of("hello");
		DatagramRequestHandler echo = (r) -> r.wfile().writeBytes(r.packet());
		echo.handle(request);
		assertThat(request.outputAsString()).isEqualTo("hello");
		assertThat(request.replies()).hasSize(1);
	}

	@Test
	void keepsEveryReplyInTheOrderTheClientGetsThem() throws Exception {
		MockDatagramRequest request = MockDatagramRequest.of(new byte[] { 1 });
		DatagramRequestHandler handler = (r) -> {
			r.wfile().write("last".getBytes(StandardCharsets.UTF_8));
			r.reply("first".getBytes(StandardCharsets.UTF_8));
		};
		handler.handle(request);
		assertThat(request.replies()).extracting((reply) -> new String(reply, StandardCharsets.UTF_8))
			.containsExactly("first", "last");
		assertThatIllegalStateException().isThrownBy(request::output).withMessageContaining("replies()");
	}

	@Test
	void runsAMessageHandlerOncePerFrameWithTheCodecGiven() throws Exception {
		MockDatagramRequest request = MockDatagramRequest.builder()
			.packet("a:1|c\nb:2|c")
			.codec(new LineCodec(64))
			.charset(StandardCharsets.ISO_8859_1)
			.build();
		assertThat(request.frames()).hasSize(2);
		new MessageDatagramHandler((message) -> message.reply("got " + message.text())).handle(request);
		assertThat(request.replies()).extracting((reply) -> new String(reply, StandardCharsets.UTF_8))
			.containsExactly("got a:1|c\n", "got b:2|c\n");
		assertThat(request.server().charset()).isEqualTo(StandardCharsets.ISO_8859_1);
	}

	@Test
	void givesNothingWhenTheHandlerSentNothing() throws Exception {
		MockDatagramRequest request = MockDatagramRequest.of("quiet");
		DatagramRequestHandler silent = (r) -> r.rfile().readAllBytes();
		silent.handle(request);
		assertThat(request.output()).isEmpty();
	}

	@Test
	void answersNoClientWithoutAnAddressAsTheServerDoes() throws Exception {
		MockDatagramRequest request = MockDatagramRequest.builder().packet("anonymous").clientAddress(null).build();
		assertThat(request.canReply()).isFalse();
		request.wfile().write(1);
		assertThat(request.replies()).isEmpty();
		assertThatIOException().isThrownBy(() -> request.reply(new byte[] { 1 }));
	}

	@Test
	void tellsTheHandlerItsClientAndServer() throws Exception {
		InetSocketAddress client = new InetSocketAddress("192.0.2.9", 514);
		MockDatagramRequest request = MockDatagramRequest.builder()
			.packet("<13>hello")
			.clientAddress(client)
			.serverName("syslog")
			.build();
		assertThat(request.clientAddress()).isEqualTo(client);
		assertThat(request.server().name()).isEqualTo("syslog");
		assertThat(request.rfile().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("<13>hello");
	}

	@Test
	void refusesAReplyLargerThanUdpCarriesOverIpv4AsASendWould() throws IOException {
		MockDatagramRequest request = MockDatagramRequest.of("big");
		request.reply(new byte[DatagramRequest.MAX_UDP_IPV4_PAYLOAD]);
		assertThatIOException().isThrownBy(() -> request.reply(new byte[DatagramRequest.MAX_UDP_IPV4_PAYLOAD + 1]))
			.withMessageContaining("65507");
		assertThat(request.replies()).hasSize(1);
	}

	@Test
	void refusesAWrittenReplyLargerThanUdpCarries() throws IOException {
		MockDatagramRequest request = MockDatagramRequest.of("big");
		request.wfile().write(new byte[DatagramRequest.MAX_UDP_IPV4_PAYLOAD + 1]);
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(request::replies);
	}

	@Test
	void allowsTheLargerIpv6MaximumToAnIpv6Client() throws IOException {
		MockDatagramRequest request = MockDatagramRequest.builder()
			.clientAddress(new InetSocketAddress("::1", 54321))
			.build();
		request.reply(new byte[DatagramRequest.MAX_UDP_IPV6_PAYLOAD]);
		assertThatIOException().isThrownBy(() -> request.reply(new byte[DatagramRequest.MAX_UDP_IPV6_PAYLOAD + 1]));
	}

	@Test
	void hasTheIpv4MaximumOfARealSocket() throws IOException {
		try (DatagramChannel client = DatagramChannel.open(StandardProtocolFamily.INET)) {
			client.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			SocketAddress self = client.getLocalAddress();
			assertThat(client.send(ByteBuffer.allocate(DatagramRequest.MAX_UDP_IPV4_PAYLOAD), self))
				.isEqualTo(DatagramRequest.MAX_UDP_IPV4_PAYLOAD);
			assertThatIOException()
				.isThrownBy(() -> client.send(ByteBuffer.allocate(DatagramRequest.MAX_UDP_IPV4_PAYLOAD + 1), self));
		}
	}

	@Test
	void givesAUnixClientTheAddressTypeOfTheRealServer() throws IOException {
		MockDatagramRequest request = MockDatagramRequest.builder()
			.clientAddress(UnixDomainSocketAddress.of("/tmp/client.sock"))
			.build();
		assertThat(request.clientAddress()).isEqualTo(AFUNIXSocketAddress.of(Path.of("/tmp/client.sock")));
		assertThat(request.canReply()).isTrue();
		MockDatagramRequest unnamed = MockDatagramRequest.builder()
			.clientAddress(UnixDomainSocketAddress.of(""))
			.build();
		assertThat(unnamed.clientAddress())
			.isEqualTo(MockDatagramRequest.builder().clientAddress(null).build().clientAddress());
		assertThat(unnamed.canReply()).isFalse();
	}

	@Test
	void hasTheDefaultsOfAStreamRequest() {
		MockDatagramRequest datagram = MockDatagramRequest.of("");
		MockStreamRequest stream = MockStreamRequest.of("");
		assertThat(datagram.clientAddress()).isEqualTo(stream.clientAddress())
			.isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 54321));
		assertThat(datagram.server().name()).isEqualTo(stream.server().name()).isEqualTo("test");
		assertThat(datagram.server().serverAddress()).isEqualTo(stream.server().serverAddress())
			.isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9000));
	}

	@Test
	void hasNoSocket() {
		assertThatIllegalStateException().isThrownBy(() -> MockDatagramRequest.of("").socket());
	}

	@Test
	void notesAShutdownTheHandlerAskedFor() throws IOException {
		MockDatagramRequest request = MockDatagramRequest.of("stop");
		request.server().shutdown();
		assertThat(request.shutdownRequested()).isTrue();
	}

}
