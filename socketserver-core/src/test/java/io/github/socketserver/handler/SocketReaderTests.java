package io.github.socketserver.handler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketserver.EchoHandlers;
import io.github.socketserver.Serving;
import io.github.socketserver.TcpServer;
import io.github.socketserver.options.ServerOptions;
import io.github.socketserver.options.StreamOptions;
import io.github.socketserver.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link SocketReader}, a connection's {@code rfile}, through real TCP servers: output is
 * flushed before a read waits, pipelined lines are answered in order, lines are bounded,
 * and the end of the stream is reported as Python's {@code readline} does.
 */
class SocketReaderTests {

	private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

	private final List<Exception> errors = new CopyOnWriteArrayList<>();

	private final ServerOptions.Builder options = ServerOptions.builder()
		.name("reader")
		.errorHandler((request, exception) -> this.errors.add(exception));

	@Test
	void sendsWhatTheHandlerWroteBeforeWaitingForInput() throws IOException {
		StreamRequestHandler prompt = (request) -> {
			request.wfile().write("name?\n");
			String name = request.rfile().readLine();
			request.wfile().write("hello " + name + "\n");
			request.rfile().readLine();
		};
		try (TcpServer server = new TcpServer(LOOPBACK, prompt, this.options.build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			assertThat(client.readLine()).isEqualTo("name?");
			client.send("bob\n");
			assertThat(client.readLine()).isEqualTo("hello bob");
		}
	}

	@Test
	void answersHundredPipelinedLinesInOrder() throws IOException {
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			lines.append("line ").append(i).append('\n');
		}
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.LINE_ECHO, this.options.build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send(lines.toString());
			List<String> replies = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				replies.add(client.readLine());
			}
			assertThat(replies).first().isEqualTo("line 0");
			assertThat(replies).last().isEqualTo("line 99");
			assertThat(String.join("\n", replies) + "\n").isEqualTo(lines.toString());
		}
	}

	@Test
	void acceptsALineOfTheDefaultBoundAndRefusesOneByteMore() throws IOException {
		assertThat(ServerOptions.defaults().stream().maxLineLength()).isEqualTo(8192);
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.LINE_ECHO, this.options.build());
				Serving serving = Serving.start(server)) {
			String longest = "x".repeat(8192);
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.send(longest + "\r\n");
				assertThat(client.readLine()).isEqualTo(longest);
			}
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.send(longest + "y\n");
				assertThat(client.readToEnd()).isEmpty();
			}
			assertThat(this.errors).singleElement()
				.isInstanceOfSatisfying(LineTooLongException.class,
						(ex) -> assertThat(ex.maxLineLength()).isEqualTo(8192));
		}
	}

	@Test
	void refusesABoundTheBufferCannotHold() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerOptions.builder().maxLineLength(Integer.MAX_VALUE).build())
			.withMessageContaining("maxLineLength must be at most " + StreamOptions.MAX_LINE_LENGTH);
		assertThatIllegalArgumentException().isThrownBy(() -> new SocketReader(null, Integer.MAX_VALUE))
			.withMessageContaining("maxLineLength must be 1 to " + StreamOptions.MAX_LINE_LENGTH);
	}

	@Test
	void readsShortAndLongLinesUnderTheLargestBound() throws IOException {
		String longLine = "x".repeat(100_000);
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.LINE_ECHO,
				this.options.maxLineLength(StreamOptions.MAX_LINE_LENGTH).build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("short\n" + longLine + "\n");
			assertThat(client.readLine()).isEqualTo("short");
			assertThat(client.readLine()).isEqualTo(longLine);
		}
		assertThat(this.errors).isEmpty();
	}

	@Test
	void closesTheConnectionOnALineOverAnExplicitBoundAndServesTheNextClient() throws IOException {
		this.options.maxLineLength(16);
		try (TcpServer server = new TcpServer(LOOPBACK, EchoHandlers.LINE_ECHO, this.options.build());
				Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.send("0123456789abcdef\n");
				assertThat(client.readLine()).isEqualTo("0123456789abcdef");
				client.send("0123456789abcdefg\n");
				assertThat(client.readToEnd()).isEmpty();
			}
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				// No newline at all: the server must not wait for one past the bound.
				client.send("z".repeat(100));
				assertThat(client.readToEnd()).isEmpty();
			}
			try (SocketTestClient second = SocketTestClient.connect(server.serverAddress())) {
				second.send("short\n");
				assertThat(second.readLine()).isEqualTo("short");
			}
			assertThat(this.errors).hasSize(2).allMatch(LineTooLongException.class::isInstance);
		}
	}

	@Test
	void findsTheBoundOfALineThatArrivesByteByByte() throws IOException {
		this.options.maxLineLength(16);
		StreamRequestHandler firstByteThenLines = (request) -> {
			int first = request.rfile().read();
			request.wfile().write((char) first + "\n");
			EchoHandlers.LINE_ECHO.handle(request);
		};
		try (TcpServer server = new TcpServer(LOOPBACK, firstByteThenLines, this.options.build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.setOption(StandardSocketOptions.TCP_NODELAY, true);
			client.send("!");
			assertThat(client.readLine()).isEqualTo("!");
			for (byte b : "0123456789abcdef\r\n".getBytes(StandardCharsets.UTF_8)) {
				client.send(new byte[] { b });
			}
			assertThat(client.readLine()).isEqualTo("0123456789abcdef");
			for (byte b : "0123456789abcdefg".getBytes(StandardCharsets.UTF_8)) {
				client.send(new byte[] { b });
			}
			assertThat(client.readToEnd()).isEmpty();
		}
		assertThat(this.errors).singleElement().isInstanceOf(LineTooLongException.class);
	}

	@Test
	void readsLinesAsPythonsReadlineWithALimit() throws IOException {
		StreamRequestHandler limited = (request) -> {
			List<String> parts = new ArrayList<>();
			for (byte[] part = request.rfile().readLine(4); part.length > 0; part = request.rfile().readLine(4)) {
				parts.add(new String(part, StandardCharsets.UTF_8).replace("\n", "\\n"));
			}
			request.wfile().write(String.join("|", parts) + "\n");
		};
		try (TcpServer server = new TcpServer(LOOPBACK, limited, this.options.build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("ab\nabcdefg\nxyz");
			client.shutdownOutput();
			assertThat(client.readLine()).isEqualTo("ab\\n|abcd|efg\\n|xyz");
		}
	}

	@Test
	void returnsALastLineWithoutNewlineAndThenNullAtTheEnd() throws IOException {
		StreamRequestHandler collect = (request) -> {
			List<String> lines = new ArrayList<>();
			String line;
			do {
				line = request.rfile().readLine();
				lines.add(String.valueOf(line));
			}
			while (line != null);
			lines.add(String.valueOf(request.rfile().readLine()));
			request.wfile().write(String.join("|", lines) + "\n");
		};
		try (TcpServer server = new TcpServer(LOOPBACK, collect, this.options.build());
				Serving serving = Serving.start(server)) {
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.send("a\r\n\nb\nlast");
				client.shutdownOutput();
				assertThat(client.readLine()).isEqualTo("a||b|last|null|null");
			}
			try (SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
				client.shutdownOutput();
				assertThat(client.readLine()).isEqualTo("null|null");
			}
		}
		assertThat(this.errors).isEmpty();
	}

	@Test
	void mixesLineAndBlockReadsWithoutLosingBytes() throws IOException {
		StreamRequestHandler mixed = (request) -> {
			String header = request.rfile().readLine();
			byte[] body = request.rfile().readNBytes(Integer.parseInt(header));
			request.wfile().write(new String(body, StandardCharsets.UTF_8) + "|" + request.rfile().readLine() + "\n");
		};
		String body = "b".repeat(5000);
		try (TcpServer server = new TcpServer(LOOPBACK, mixed, this.options.build());
				Serving serving = Serving.start(server);
				SocketTestClient client = SocketTestClient.connect(server.serverAddress())) {
			client.send("5000\n" + body + "tail\n");
			assertThat(client.readLine()).isEqualTo(body + "|tail");
		}
	}

}
