package io.github.socketserver.autoconfigure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.message.MessageHandler;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the framing settings as {@link SocketServerFactory} applies them: each codec
 * configured under {@code framing} cuts what a client sends and frames what a message
 * handler sends back, as the client sees it.
 */
class FramingConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(UpperCaseConfiguration.class)
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0");

	@Test
	void cutsLinesAndEndsRepliesWithTheConfiguredSeparator() {
		this.runner
			.withPropertyValues("socketserver.servers.echo.framing.codec=line",
					"socketserver.servers.echo.framing.line.separator=crlf")
			.run((context) -> assertThat(exchange(context, bytes("one\r\ntwo\n"), 10))
				.isEqualTo(bytes("ONE\r\nTWO\r\n")));
	}

	@Test
	void cutsFramesByALittleEndianLengthField() {
		this.runner
			.withPropertyValues("socketserver.servers.echo.framing.codec=length-field",
					"socketserver.servers.echo.framing.length-field.length=2",
					"socketserver.servers.echo.framing.length-field.byte-order=little-endian")
			.run((context) -> assertThat(exchange(context, new byte[] { 3, 0, 'a', 'b', 'c', 1, 0, 'd' }, 8))
				.isEqualTo(new byte[] { 3, 0, 'A', 'B', 'C', 1, 0, 'D' }));
	}

	@Test
	void cutsFramesBetweenStxAndEtx() {
		this.runner.withPropertyValues("socketserver.servers.echo.framing.codec=delimiter")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("yaml",
						Map.of("socketserver.servers.echo.framing.delimiter.start", "\u0002",
								"socketserver.servers.echo.framing.delimiter.end", "\u0003"))))
			.run((context) -> assertThat(exchange(context, bytes("\u0002hi\u0003\u0002yo\u0003"), 8))
				.isEqualTo(bytes("\u0002HI\u0003\u0002YO\u0003")));
	}

	@Test
	void cutsFramesOfAFixedLength() {
		this.runner
			.withPropertyValues("socketserver.servers.echo.framing.codec=fixed",
					"socketserver.servers.echo.framing.fixed.length=3")
			.run((context) -> assertThat(exchange(context, bytes("abcdef"), 6)).isEqualTo(bytes("ABCDEF")));
	}

	@Test
	void cutsFramesWithTheCodecBeanNamed() {
		this.runner.withUserConfiguration(CodecBeanConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.framing.codec=bean",
					"socketserver.servers.echo.framing.codec-bean=lines")
			.run((context) -> assertThat(exchange(context, bytes("x\ny\n"), 4)).isEqualTo(bytes("X\nY\n")));
	}

	@Test
	void decodesAndEncodesTextInTheConfiguredCharset() {
		this.runner.withPropertyValues("socketserver.servers.echo.framing.charset=ISO-8859-1")
			.run((context) -> assertThat(exchange(context, new byte[] { (byte) 0xE9, '\n' }, 2))
				.isEqualTo(new byte[] { (byte) 0xC9, '\n' }));
	}

	@Test
	void closesTheConnectionOfAFrameLongerThanTheMaximum() {
		this.runner.withPropertyValues("socketserver.servers.echo.framing.max-frame-length=8B").run((context) -> {
			try (SocketTestClient client = SocketTestClient.tcp(TestServers.address(context, "echo").getPort())) {
				client.send("a line longer than eight bytes\n");
				assertThat(client.read()).isEqualTo(-1);
			}
			assertThat(exchange(context, bytes("short\n"), 6)).isEqualTo(bytes("SHORT\n"));
		});
	}

	private static byte[] exchange(ApplicationContext context, byte[] request, int replyLength) throws IOException {
		try (SocketTestClient client = SocketTestClient.tcp(TestServers.address(context, "echo").getPort())) {
			client.send(request);
			byte[] reply = new byte[replyLength];
			for (int i = 0; i < replyLength; i++) {
				int b = client.read();
				assertThat(b).as("byte %d of the reply", i).isNotNegative();
				reply[i] = (byte) b;
			}
			return reply;
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	@Configuration(proxyBeanMethods = false)
	static class UpperCaseConfiguration {

		@Bean
		@SocketHandler("echo")
		MessageHandler upperCase() {
			return (message) -> message.reply(message.text().toUpperCase(Locale.ROOT));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CodecBeanConfiguration {

		@Bean
		FrameCodec lines() {
			return new LineCodec(16);
		}

	}

}
