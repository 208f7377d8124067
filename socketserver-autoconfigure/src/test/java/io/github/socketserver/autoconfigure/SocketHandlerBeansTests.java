package io.github.socketserver.autoconfigure;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.handler.StreamRequest;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.test.SocketTestClient;
import io.github.socketserver.testsupport.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketHandlerBeans}: how {@code @SocketHandler} beans are bound to the
 * configured servers, and how every mismatch is reported.
 */
class SocketHandlerBeansTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class));

	@TempDir
	Path temp;

	@Test
	void servesATcpEchoWithAnAnnotatedHandlerClass() {
		this.runner.withBean(EchoHandler.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "hello"))
				.isEqualTo("hello"));
	}

	@Test
	void servesATcpEchoWithAnAnnotatedBeanMethod() {
		this.runner.withUserConfiguration(BeanMethodConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "hello"))
				.isEqualTo("hello"));
	}

	@Test
	void servesAUdpEchoWithAnAnnotatedDatagramHandler() {
		this.runner.withBean(DatagramEchoHandler.class)
			.withPropertyValues("socketserver.servers.echo.type=datagram", "socketserver.servers.echo.host=127.0.0.1",
					"socketserver.servers.echo.port=0")
			.run((context) -> {
				try (SocketTestClient client = SocketTestClient.datagram(TestServers.address(context, "echo"))) {
					client.send("hello");
					assertThat(client.receiveAsString()).isEqualTo("hello");
				}
			});
	}

	@Test
	void servesTwoServersWithOneHandlerNamingBoth() {
		Path socket = this.temp.resolve("echo.sock");
		this.runner.withUserConfiguration(TwoServersHandler.class)
			.withPropertyValues("socketserver.servers.tcp.host=127.0.0.1", "socketserver.servers.tcp.port=0",
					"socketserver.servers.unix.family=unix", "socketserver.servers.unix.path=" + socket)
			.run((context) -> {
				assertThat(TestServers.exchangeLine(TestServers.address(context, "tcp"), "over tcp"))
					.isEqualTo("over tcp");
				assertThat(TestServers.exchangeLine(UnixDomainSocketAddress.of(socket), "over unix"))
					.isEqualTo("over unix");
				assertThat(context).hasSingleBean(TwoServersHandler.class);
			});
	}

	@Test
	void createsAPrototypeHandlerAfreshForEveryRequest() {
		this.runner.withUserConfiguration(PrototypeConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> {
				for (int i = 0; i < 3; i++) {
					assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "request " + i))
						.isEqualTo("request " + i);
				}
				HandlerLog log = context.getBean(PrototypeConfiguration.class).log;
				assertThat(log.constructions).hasValue(3);
				assertThat(log.instances).hasSize(3).doesNotHaveDuplicates();
			});
	}

	@Test
	void sharesASingletonHandlerBetweenRequests() {
		this.runner.withUserConfiguration(SingletonConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> {
				for (int i = 0; i < 3; i++) {
					assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "request " + i))
						.isEqualTo("request " + i);
				}
				HandlerLog log = context.getBean(SingletonConfiguration.class).log;
				assertThat(log.constructions).hasValue(1);
				assertThat(log.instances).hasSize(3).containsOnly(context.getBean(RecordingHandler.class));
			});
	}

	@Test
	void createsNoDisabledServerAndLetsItsHandlerBeMissing() {
		this.runner.withBean(EchoHandler.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.servers.other.port=0", "socketserver.servers.other.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SocketServers.class).all()).extracting(ManagedSocketServer::name)
					.containsExactly("echo");
				assertThat(context.getEnvironment().containsProperty("local.socketserver.other.port")).isFalse();
			});
	}

	@Test
	void letsAHandlerNameADisabledServerBesideAnEnabledOne() {
		this.runner.withUserConfiguration(TwoServersHandler.class)
			.withPropertyValues("socketserver.servers.tcp.host=127.0.0.1", "socketserver.servers.tcp.port=0",
					"socketserver.servers.unix.family=unix", "socketserver.servers.unix.enabled=false")
			.run((context) -> {
				assertThat(context.getBean(SocketServers.class).all()).extracting(ManagedSocketServer::name)
					.containsExactly("tcp");
				assertThat(TestServers.exchangeLine(TestServers.address(context, "tcp"), "still served"))
					.isEqualTo("still served");
			});
	}

	@Test
	void refusesAHandlerNamingAnUnknownServer() {
		this.runner.withBean(EchoHandler.class)
			.withPropertyValues("socketserver.servers.other.host=127.0.0.1", "socketserver.servers.other.port=0")
			.run((context) -> assertBindingFailure(context,
					"Handler bean 'socketHandlerBeansTests.EchoHandler' is annotated @SocketHandler(\"echo\") but no "
							+ "server of that name is configured. Configured servers: [other].",
					"Configure the server under socketserver.servers.echo, or correct the name in @SocketHandler."));
	}

	@Test
	void refusesAServerWithoutAHandler() {
		this.runner.withPropertyValues("socketserver.servers.echo.type=datagram", "socketserver.servers.echo.port=0")
			.run((context) -> assertBindingFailure(context,
					"Socket server 'echo' is configured under socketserver.servers.echo but no bean handles its "
							+ "requests.",
					"Add a bean implementing DatagramRequestHandler or MessageHandler annotated "
							+ "@SocketHandler(\"echo\"), or remove " + "the server from the configuration."));
	}

	@Test
	void refusesTwoHandlersForOneServer() {
		this.runner.withUserConfiguration(BeanMethodConfiguration.class)
			.withBean(EchoHandler.class)
			.withPropertyValues("socketserver.servers.echo.port=0")
			.run((context) -> assertBindingFailure(context,
					"Socket server 'echo' has two handler beans: 'socketHandlerBeansTests.EchoHandler' and "
							+ "'echoHandler'.",
					"Keep one @SocketHandler(\"echo\") bean; a server has exactly one handler."));
	}

	@Test
	void refusesAStreamHandlerOnADatagramServer() {
		this.runner.withBean(EchoHandler.class)
			.withPropertyValues("socketserver.servers.echo.type=datagram", "socketserver.servers.echo.port=0")
			.run((context) -> assertBindingFailure(context,
					"Handler bean 'socketHandlerBeansTests.EchoHandler' handles stream requests (StreamRequest) but "
							+ "socket server 'echo' is a datagram server.",
					"Bind a DatagramRequestHandler or a MessageHandler to 'echo', or set "
							+ "socketserver.servers.echo.type=stream."));
	}

	@Test
	void refusesADatagramHandlerOnAStreamServer() {
		this.runner.withBean(DatagramEchoHandler.class)
			.withPropertyValues("socketserver.servers.echo.port=0")
			.run((context) -> assertBindingFailure(context,
					"Handler bean 'socketHandlerBeansTests.DatagramEchoHandler' handles datagram requests "
							+ "(DatagramRequest) but socket server 'echo' is a stream server.",
					"Bind a StreamRequestHandler or a MessageHandler to 'echo', or set "
							+ "socketserver.servers.echo.type=datagram."));
	}

	@Test
	void refusesASocketHandlerThatNamesNoServer() {
		this.runner.withBean(NamelessHandler.class)
			.withPropertyValues("socketserver.servers.echo.port=0")
			.run((context) -> assertBindingFailure(context,
					"Handler bean 'socketHandlerBeansTests.NamelessHandler' is annotated @SocketHandler but names no "
							+ "server.",
					"Name the servers it serves, for example @SocketHandler(\"echo\"), as configured under "
							+ "socketserver.servers.<name>."));
	}

	@Test
	void refusesASocketHandlerThatIsNeitherARequestNorAMessageHandler() {
		this.runner.withUserConfiguration(NotAHandlerConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.port=0")
			.run((context) -> assertBindingFailure(context,
					"Bean 'notAHandler' is annotated @SocketHandler but is neither a request handler nor a message "
							+ "handler (its type is java.lang.String).",
					"Implement StreamRequestHandler for a stream server, DatagramRequestHandler for a datagram "
							+ "server, or MessageHandler for either (one frame at a time, as 'framing' cuts them)."));
	}

	/**
	 * Start-up failed on a binding mistake, and the failure analyzer reports it as the
	 * exception says.
	 */
	static void assertBindingFailure(AssertableApplicationContext context, String description, String action) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).rootCause().isInstanceOf(SocketHandlerBindingException.class).hasMessage(description);
		SocketHandlerBindingException binding = (SocketHandlerBindingException) rootCause(failure);
		assertThat(binding.action()).isEqualTo(action);
		FailureAnalysis analysis = new SocketHandlerBindingFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo(description);
		assertThat(analysis.getAction()).isEqualTo(action);
		assertThat(analysis.getCause()).isSameAs(binding);
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	static class LineEchoHandler implements StreamRequestHandler {

		private final StreamRequestHandler echo = TestServers.lineEcho();

		@Override
		public void handle(StreamRequest request) throws Exception {
			this.echo.handle(request);
		}

	}

	@SocketHandler("echo")
	static class EchoHandler extends LineEchoHandler {

	}

	@SocketHandler({ "tcp", "unix" })
	static class TwoServersHandler extends LineEchoHandler {

	}

	@SocketHandler("echo")
	static class DatagramEchoHandler implements DatagramRequestHandler {

		@Override
		public void handle(DatagramRequest request) throws Exception {
			request.wfile().write(request.packet());
		}

	}

	@SocketHandler
	static class NamelessHandler extends LineEchoHandler {

	}

	@Configuration(proxyBeanMethods = false)
	static class BeanMethodConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler echoHandler() {
			return TestServers.lineEcho();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NotAHandlerConfiguration {

		@Bean
		@SocketHandler("echo")
		String notAHandler() {
			return "not a handler";
		}

	}

	/**
	 * What the handler beans of a test did: how many were made, and which served each
	 * request.
	 */
	static class HandlerLog {

		final AtomicInteger constructions = new AtomicInteger();

		final List<Object> instances = new CopyOnWriteArrayList<>();

	}

	static class RecordingHandler extends LineEchoHandler {

		private final HandlerLog log;

		RecordingHandler(HandlerLog log) {
			this.log = log;
			log.constructions.incrementAndGet();
		}

		@Override
		public void handle(StreamRequest request) throws Exception {
			this.log.instances.add(this);
			super.handle(request);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrototypeConfiguration {

		final HandlerLog log = new HandlerLog();

		@Bean
		@Scope("prototype")
		@SocketHandler("echo")
		RecordingHandler recordingHandler() {
			return new RecordingHandler(this.log);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SingletonConfiguration {

		final HandlerLog log = new HandlerLog();

		@Bean
		@SocketHandler("echo")
		RecordingHandler recordingHandler() {
			return new RecordingHandler(this.log);
		}

	}

}
