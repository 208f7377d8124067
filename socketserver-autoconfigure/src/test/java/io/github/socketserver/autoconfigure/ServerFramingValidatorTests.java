package io.github.socketserver.autoconfigure;

import java.util.Map;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.message.MessageHandler;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServerFramingValidator} and the codec-bean check of
 * {@link FrameCodecs}: framing settings that make no sense stop start-up, naming the full
 * key and what to do.
 */
class ServerFramingValidatorTests {

	private static final String KEY = "socketserver.servers.echo.framing.";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
		.withUserConfiguration(MessageConfiguration.class)
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0");

	@Test
	void acceptsEachCodecWithItsSettings() {
		this.runner
			.withPropertyValues("socketserver.servers.echo.framing.codec=length-field",
					"socketserver.servers.echo.framing.length-field.length=2",
					"socketserver.servers.echo.framing.length-field.byte-order=little-endian")
			.run((context) -> assertThat(context).hasNotFailed());
		// Control characters as YAML's "\x02" gives them: a property source that does not
		// trim them, as TestPropertyValues would.
		this.runner.withPropertyValues("socketserver.servers.echo.framing.codec=delimiter")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("yaml",
						Map.of("socketserver.servers.echo.framing.delimiter.start", "\u0002",
								"socketserver.servers.echo.framing.delimiter.end", "\u0003"))))
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner
			.withPropertyValues("socketserver.servers.echo.framing.codec=fixed",
					"socketserver.servers.echo.framing.fixed.length=16B")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner
			.withPropertyValues("socketserver.servers.echo.framing.codec=line",
					"socketserver.servers.echo.framing.line.separator=crlf")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void refusesALengthFieldOfThreeBytes() {
		assertRefused("length-field.length", "1, 2, 4 or 8", "socketserver.servers.echo.framing.codec=length-field",
				"socketserver.servers.echo.framing.length-field.length=3");
	}

	@Test
	void refusesAHeaderLongerThanTheLongestFrame() {
		assertRefused("length-field.offset", "raise the maximum",
				"socketserver.servers.echo.framing.codec=length-field",
				"socketserver.servers.echo.framing.max-frame-length=8B",
				"socketserver.servers.echo.framing.length-field.offset=6");
	}

	@Test
	void refusesAnOffsetWhoseHeaderOverflows() {
		assertRefused("length-field.offset", "raise the maximum",
				"socketserver.servers.echo.framing.codec=length-field",
				"socketserver.servers.echo.framing.length-field.offset=2147483646");
	}

	@Test
	void refusesADelimiterCodecWithoutAnEnd() {
		assertRefused("delimiter.end", "end a frame", "socketserver.servers.echo.framing.codec=delimiter",
				"socketserver.servers.echo.framing.delimiter.start=[");
	}

	@Test
	void refusesADelimiterCharacterThatIsNotOneByte() {
		assertRefused("delimiter.end", "U+2028", "socketserver.servers.echo.framing.codec=delimiter",
				"socketserver.servers.echo.framing.delimiter.end=\u2028");
	}

	@Test
	void refusesAFixedCodecWithoutALengthOrLongerThanTheLongestFrame() {
		assertRefused("fixed.length", "length of every frame", "socketserver.servers.echo.framing.codec=fixed");
		assertRefused("fixed.length", "raise the maximum", "socketserver.servers.echo.framing.codec=fixed",
				"socketserver.servers.echo.framing.fixed.length=128KB");
	}

	@Test
	void refusesALongestFrameShorterThanTheCodecsDelimiters() {
		assertRefused("max-frame-length", "at least 2B", "socketserver.servers.echo.framing.max-frame-length=1B");
		assertRefused("max-frame-length", "at least 3B", "socketserver.servers.echo.framing.codec=delimiter",
				"socketserver.servers.echo.framing.max-frame-length=2B",
				"socketserver.servers.echo.framing.delimiter.start=[",
				"socketserver.servers.echo.framing.delimiter.end=]]");
	}

	@Test
	void refusesALongestFrameOverOneGigabyte() {
		assertRefused("max-frame-length", "1GB", "socketserver.servers.echo.framing.max-frame-length=2GB");
		assertRefused("max-frame-length", "1B", "socketserver.servers.echo.framing.max-frame-length=0B");
	}

	@Test
	void refusesTheSettingsOfAnotherCodec() {
		assertRefused("length-field.length", "set 'framing.codec' to length-field",
				"socketserver.servers.echo.framing.codec=line",
				"socketserver.servers.echo.framing.length-field.length=2");
		assertRefused("line.separator", "set 'framing.codec' to line",
				"socketserver.servers.echo.framing.line.separator=crlf");
		assertRefused("codec-bean", "set 'framing.codec' to bean",
				"socketserver.servers.echo.framing.codec-bean=respCodec");
	}

	@Test
	void refusesTheBeanCodecWithoutABeanName() {
		assertRefused("codec-bean", "FrameCodec bean", "socketserver.servers.echo.framing.codec=bean");
	}

	@Test
	void refusesACodecBeanNamingNoBean() {
		assertRefused("codec-bean", "no bean of that name", "socketserver.servers.echo.framing.codec=bean",
				"socketserver.servers.echo.framing.codec-bean=missing");
	}

	@Test
	void refusesACodecBeanNamingABeanThatIsNoFrameCodec() {
		this.runner.withUserConfiguration(NotACodecConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.framing.codec=bean",
					"socketserver.servers.echo.framing.codec-bean=notACodec")
			.run((context) -> assertRefused(context, "codec-bean", "is not a FrameCodec"));
	}

	@Test
	void refusesAMaxFrameLengthBesideACodecBean() {
		this.runner.withUserConfiguration(CodecConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.framing.codec=bean",
					"socketserver.servers.echo.framing.codec-bean=lines",
					"socketserver.servers.echo.framing.max-frame-length=1KB")
			.run((context) -> assertRefused(context, "max-frame-length", "bounds its frames itself"));
	}

	@Test
	void refusesTheLongestFrameOfAServerThatCutsNoFrames() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
			.withUserConfiguration(StreamConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.port=0",
					"socketserver.servers.echo.framing.max-frame-length=1KB",
					"socketserver.servers.echo.framing.charset=ISO-8859-1")
			.run((context) -> assertRefused(context, "max-frame-length", "set 'framing.codec'"));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
			.withUserConfiguration(StreamConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.port=0",
					"socketserver.servers.echo.framing.charset=ISO-8859-1")
			.run((context) -> assertRefused(context, "charset", "set 'framing.codec'"));
		this.runner
			.withPropertyValues("socketserver.servers.echo.type=datagram",
					"socketserver.servers.echo.framing.max-frame-length=1KB")
			.run((context) -> assertRefused(context, "max-frame-length", "datagram.max-packet-size"));
	}

	@Test
	void refusesTheLongestLineOfAMessageServerWhichReadsFramesInstead() {
		this.runner.withPropertyValues("socketserver.servers.echo.stream.max-line-length=1MB").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
					assertThat(ex.getName()).isEqualTo("socketserver.servers.echo.stream.max-line-length");
					assertThat(ex.getReason()).contains("set 'framing.max-frame-length'");
				});
		});
	}

	@Test
	void refusesANegativeNumberOfLoops() {
		assertRefused("loops", "0 for one per processor", "socketserver.servers.echo.framing.loops=-1");
	}

	@Test
	void refusesLoopsOnAServerThatHasNone() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
			.withUserConfiguration(StreamConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.port=0", "socketserver.servers.echo.framing.loops=2")
			.run((context) -> assertRefused(context, "loops", "Only a message handler's stream server"));
		this.runner
			.withPropertyValues("socketserver.servers.echo.type=datagram", "socketserver.servers.echo.framing.loops=2")
			.run((context) -> assertRefused(context, "loops", "Only a message handler's stream server"));
	}

	@Test
	void refusesFramingOnAForkServer() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class))
			.withPropertyValues("socketserver.servers.echo.port=0", "socketserver.servers.echo.threading=fork",
					"socketserver.servers.echo.command=cat", "socketserver.servers.echo.framing.codec=line")
			.run((context) -> assertRefused(context, "codec", "fork server"));
	}

	private void assertRefused(String key, String reason, String... properties) {
		this.runner.withPropertyValues(properties).run((context) -> assertRefused(context, key, reason));
	}

	private static void assertRefused(AssertableApplicationContext context, String key, String reason) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).rootCause()
			.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
				assertThat(ex.getName()).isEqualTo(KEY + key);
				assertThat(ex.getReason()).containsIgnoringCase(reason);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class MessageConfiguration {

		@Bean
		@SocketHandler("echo")
		MessageHandler echoHandler() {
			return (message) -> message.reply(message.bytes());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StreamConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler echoHandler() {
			return TestServers.lineEcho();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CodecConfiguration {

		@Bean
		FrameCodec lines() {
			return new LineCodec(1024);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NotACodecConfiguration {

		@Bean
		String notACodec() {
			return "not a codec";
		}

	}

}
