package io.github.socketserver.autoconfigure;

import java.nio.file.Path;

import io.github.socketserver.BaseServer;
import io.github.socketserver.codec.LineCodec;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.message.Message;
import io.github.socketserver.message.MessageDatagramHandler;
import io.github.socketserver.message.MessageHandler;
import io.github.socketserver.message.MessageStreamHandler;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the binding of {@code @SocketHandler} {@link MessageHandler} beans by
 * {@link SocketHandlerBeans} and {@link SocketServerFactory}: a stream server runs its
 * message engine, a datagram server a {@link MessageDatagramHandler}, and without a codec
 * a stream server's message handler reads lines.
 */
class MessageHandlerBindingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class));

	@TempDir
	Path temp;

	@Test
	void bindsAMessageHandlerOnAStreamServerToItsEngineWithLinesOfTheLongestFrame() {
		this.runner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.servers.echo.framing.max-frame-length=1KB")
			.run((context) -> {
				BaseServer<?> server = server(context);
				assertThat(server.handlerFactory()).isInstanceOfSatisfying(MessageStreamHandler.class,
						(binding) -> assertThat(binding.handler()).isSameAs(context.getBean("echoHandler")));
				assertThat(server.options().codec()).isInstanceOfSatisfying(LineCodec.class,
						(codec) -> assertThat(codec.maxFrameLength()).isEqualTo(1024));
			});
	}

	@Test
	void givesTheEngineTheLoopsSetAndOnePerProcessorByDefault() {
		this.runner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> assertThat(server(context).options().messageLoops()).isZero());
		this.runner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.servers.echo.framing.loops=3")
			.run((context) -> assertThat(server(context).options().messageLoops()).isEqualTo(3));
	}

	@Test
	void runsTheEngineForAMessageStreamHandlerBeanAsForTheMessageHandlerItWraps() {
		this.runner.withUserConfiguration(WrappedConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> assertThat(server(context).handlerFactory()).isSameAs(context.getBean("echoHandler")));
	}

	@Test
	void answersEachLineThroughAMessageHandlerOverTcpAndUnix() {
		Path socket = this.temp.resolve("echo.sock");
		this.runner.withUserConfiguration(TcpAndUnixConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.servers.unix-echo.family=unix", "socketserver.servers.unix-echo.path=" + socket)
			.run((context) -> {
				try (SocketTestClient client = SocketTestClient.tcp(TestServers.address(context, "echo").getPort());
						SocketTestClient unix = SocketTestClient.unix(socket)) {
					client.send("hello\nworld\n");
					assertThat(client.readLine()).isEqualTo("hello");
					assertThat(client.readLine()).isEqualTo("world");
					unix.sendLine("over unix");
					assertThat(unix.readLine()).isEqualTo("over unix");
				}
			});
	}

	@Test
	void bindsAMessageHandlerOnADatagramServerThroughAMessageDatagramHandler() {
		this.runner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.type=datagram", "socketserver.servers.echo.host=127.0.0.1",
					"socketserver.servers.echo.port=0")
			.run((context) -> {
				BaseServer<?> server = server(context);
				assertThat(server.handlerFactory().get()).isInstanceOfSatisfying(MessageDatagramHandler.class,
						(handler) -> assertThat(handler.handler()).isSameAs(context.getBean("echoHandler")));
				assertThat(server.options().codec()).isNull();
			});
	}

	@Test
	void answersEachFrameOfADatagramAsADatagram() {
		this.runner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.type=datagram", "socketserver.servers.echo.host=127.0.0.1",
					"socketserver.servers.echo.port=0", "socketserver.servers.echo.framing.codec=line")
			.run((context) -> {
				try (SocketTestClient client = SocketTestClient.datagram(TestServers.address(context, "echo"))) {
					client.send("gauge:1|g\ncount:2|c\n");
					assertThat(client.receiveAsString()).isEqualTo("gauge:1|g\n");
					assertThat(client.receiveAsString()).isEqualTo("count:2|c\n");
				}
			});
	}

	@Test
	void refusesAMessageHandlerOfPrototypeScope() {
		this.runner.withUserConfiguration(PrototypeConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.port=0")
			.run((context) -> SocketHandlerBeansTests.assertBindingFailure(context,
					"Message handler bean 'echoHandler' has prototype scope, but one message handler serves every "
							+ "connection of its server.",
					"Remove @Scope(\"prototype\") from bean 'echoHandler' and keep per-connection state in "
							+ "MessageConnection.attributes()."));
	}

	@Test
	void refusesABeanThatIsBothAMessageAndARequestHandler() {
		this.runner.withBean("both", BothKindsHandler.class)
			.withPropertyValues("socketserver.servers.echo.port=0")
			.run((context) -> SocketHandlerBeansTests.assertBindingFailure(context,
					"Bean 'both' is annotated "
							+ "@SocketHandler and is both a request handler and a MessageHandler (its type is "
							+ BothKindsHandler.class.getName() + ").",
					"Implement one of them: a MessageHandler is given one frame at a time, a request handler the "
							+ "whole connection or datagram."));
	}

	@Test
	void refusesAMessageHandlerOnAForkServer() {
		this.runner.withUserConfiguration(EchoConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.port=0", "socketserver.servers.echo.threading=fork",
					"socketserver.servers.echo.command=cat")
			.run((context) -> SocketHandlerBeansTests.assertBindingFailure(context,
					"Socket server 'echo' runs its command per request (threading: fork) but bean 'echoHandler' is "
							+ "annotated @SocketHandler(\"echo\").",
					"Remove \"echo\" from the @SocketHandler of bean 'echoHandler', or give the server another "
							+ "threading mode."));
	}

	private static BaseServer<?> server(ApplicationContext context) {
		return context.getBean(SocketServers.class).get("echo").server();
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		@SocketHandler("echo")
		MessageHandler echoHandler() {
			return (message) -> message.reply(message.bytes());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WrappedConfiguration {

		@Bean
		@SocketHandler("echo")
		MessageStreamHandler echoHandler() {
			return new MessageStreamHandler((message) -> message.reply(message.bytes()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TcpAndUnixConfiguration {

		@Bean
		@SocketHandler({ "echo", "unix-echo" })
		MessageHandler echoHandler() {
			return (message) -> message.reply(message.bytes());
		}

	}

	@SocketHandler("echo")
	static class BothKindsHandler implements MessageHandler, StreamRequestHandler {

		@Override
		public void handleMessage(Message message) {
		}

		@Override
		public void handle(StreamRequest request) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrototypeConfiguration {

		@Bean
		@Scope("prototype")
		@SocketHandler("echo")
		MessageHandler echoHandler() {
			return (message) -> message.reply(message.bytes());
		}

	}

}
