package io.github.socketserver.autoconfigure;

import java.net.StandardSocketOptions;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.context.ManagedSocketServer;
import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.context.SocketServers;
import io.github.socketserver.context.SocketServersLifecycle;
import io.github.socketserver.handler.ErrorHandler;
import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.RequestVerifier;
import io.github.socketserver.handler.StreamRequestHandler;
import io.github.socketserver.testsupport.TestServers;
import io.github.socketserver.threading.Threading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link SocketServerAutoConfiguration}: when it applies, the threading it
 * picks, and the verifier and error handler beans it hands to the servers.
 */
class SocketServerAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketServerAutoConfiguration.class));

	private final ApplicationContextRunner echoRunner = this.runner.withUserConfiguration(EchoConfiguration.class)
		.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0");

	@Test
	void createsNoServerWhenNoneIsConfigured() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(SocketServers.class);
			assertThat(context.getBean(SocketServers.class).all()).isEmpty();
		});
	}

	@Test
	void refusesAnUnknownKeyNamingIt() {
		// A key of an earlier layout, or a typo, would otherwise be ignored in silence.
		this.echoRunner.withPropertyValues("socketserver.servers.echo.max-line-length=100")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(UnboundConfigurationPropertiesException.class)
				.hasMessageContaining("socketserver.servers.echo.max-line-length"));
	}

	@Test
	void backsOffWhenDisabled() {
		// A server without a handler would fail start-up if anything looked at it.
		this.runner.withPropertyValues("socketserver.enabled=false", "socketserver.servers.orphan.port=0")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SocketServers.class)
				.doesNotHaveBean(SocketServersLifecycle.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesSocketServers() {
		SocketServers own = new SocketServers(List.of());
		this.runner.withBean(SocketServers.class, () -> own)
			.withPropertyValues("socketserver.servers.orphan.port=0")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(SocketServers.class);
				assertThat(context.getBean(SocketServers.class)).isSameAs(own);
			});
	}

	@Test
	void runsVirtualThreadsWhenSpringThreadsAreVirtual() {
		assumeTrue(Threading.isVirtualAvailable(), "virtual threads need Java 21 or newer");
		this.echoRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(threading(context).mode()).isEqualTo(Threading.Mode.VIRTUAL));
	}

	@Test
	void runsABoundedPoolByDefault() {
		this.echoRunner.run((context) -> {
			Threading threading = threading(context);
			assertThat(threading.mode()).isEqualTo(Threading.Mode.POOL);
			assertThat(threading.maxThreads()).isEqualTo(new ServerPoolProperties().getMaxThreads()).isEqualTo(200);
			assertThat(threading.queueCapacity()).isEqualTo(new ServerPoolProperties().getQueueCapacity())
				.isEqualTo(100);
		});
	}

	@Test
	void capsTheThreadModeWithItsProperty() {
		this.echoRunner.withPropertyValues("socketserver.servers.echo.threading=thread").run((context) -> {
			assertThat(threading(context).mode()).isEqualTo(Threading.Mode.THREAD);
			assertThat(threading(context).maxThreads()).isEqualTo(Threading.DEFAULT_MAX_THREADS);
		});
		this.echoRunner
			.withPropertyValues("socketserver.servers.echo.threading=thread",
					"socketserver.servers.echo.thread.max-threads=2000")
			.run((context) -> assertThat(threading(context).maxThreads()).isEqualTo(2000));
	}

	@ParameterizedTest
	@EnumSource(names = { "SYNC", "THREAD", "POOL" })
	void runsTheConfiguredThreadingEvenWhenSpringThreadsAreVirtual(Threading.Mode mode) {
		this.echoRunner
			.withPropertyValues("spring.threads.virtual.enabled=true",
					"socketserver.servers.echo.threading=" + mode.name().toLowerCase(Locale.ROOT))
			.run((context) -> {
				assertThat(threading(context).mode()).isEqualTo(mode);
				assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "hello")).isEqualTo("hello");
			});
	}

	@Test
	void setsTcpNoDelayOnTcpConnectionsByDefault() {
		this.runner.withUserConfiguration(NoDelayConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "?"))
				.isEqualTo("true"));
	}

	@Test
	void leavesTcpNoDelayOffWhenConfiguredSo() {
		this.runner.withUserConfiguration(NoDelayConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.servers.echo.socket.tcp-no-delay=false")
			.run((context) -> assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "?"))
				.isEqualTo("false"));
	}

	@Test
	void closesRequestsARequestVerifierBeanRefusesBeforeTheHandlerSeesThem() {
		this.runner.withUserConfiguration(CountingConfiguration.class)
			.withBean(RequestVerifier.class, () -> (request) -> false)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> {
				assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "hello")).isNull();
				assertThat(context.getBean(CountingConfiguration.class).calls).hasValue(0);
			});
	}

	@Test
	void servesRequestsARequestVerifierBeanAccepts() {
		this.runner.withUserConfiguration(CountingConfiguration.class)
			.withBean(RequestVerifier.class, () -> (request) -> request.server().name().equals("echo"))
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> {
				assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "hello")).isEqualTo("hello");
				assertThat(context.getBean(CountingConfiguration.class).calls).hasValue(1);
			});
	}

	@Test
	void reportsWhatAHandlerThrowsToTheErrorHandlerBean() {
		BlockingQueue<Exception> errors = new LinkedBlockingQueue<>();
		BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
		this.runner.withUserConfiguration(FailingConfiguration.class)
			.withBean(ErrorHandler.class, () -> (request, exception) -> {
				requests.add(request);
				errors.add(exception);
			})
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0")
			.run((context) -> {
				assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "hello")).isNull();
				Exception error = errors.poll(TestServers.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("handler failed on hello");
				assertThat(requests.poll().server().name()).isEqualTo("echo");
			});
	}

	/**
	 * The refusal of {@code threading: virtual} on Java 17 is tested in a Java 17 JVM by
	 * {@link Java17CompatibilityTests}.
	 */
	@Test
	void acceptsVirtualThreadingAndRunsHandlersOnVirtualThreads() {
		assumeTrue(Threading.isVirtualAvailable(), "virtual threads need Java 21 or newer");
		this.runner.withUserConfiguration(ThreadReportingConfiguration.class)
			.withPropertyValues("socketserver.servers.echo.host=127.0.0.1", "socketserver.servers.echo.port=0",
					"socketserver.servers.echo.threading=virtual")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(threading(context).mode()).isEqualTo(Threading.Mode.VIRTUAL);
				assertThat(TestServers.exchangeLine(TestServers.address(context, "echo"), "?")).isEqualTo("virtual");
			});
	}

	private static Threading threading(ApplicationContext context) {
		ManagedSocketServer server = context.getBean(SocketServers.class).get("echo");
		assertThat(server).isNotNull();
		return server.server().threading();
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler echoHandler() {
			return TestServers.lineEcho();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoDelayConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler noDelayReporter() {
			return (request) -> {
				request.rfile().readLine();
				request.wfile().write(request.socket().getOption(StandardSocketOptions.TCP_NODELAY) + "\n");
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CountingConfiguration {

		final AtomicInteger calls = new AtomicInteger();

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler countingEcho() {
			StreamRequestHandler echo = TestServers.lineEcho();
			return (request) -> {
				this.calls.incrementAndGet();
				echo.handle(request);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler failingHandler() {
			return (request) -> {
				throw new IllegalStateException("handler failed on " + request.rfile().readLine());
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ThreadReportingConfiguration {

		@Bean
		@SocketHandler("echo")
		StreamRequestHandler threadReporter() {
			return (request) -> {
				request.rfile().readLine();
				// Thread.isVirtual() is Java 21 API and the tests compile for Java 17.
				boolean virtual = (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
				request.wfile().write((virtual ? "virtual" : "platform") + "\n");
			};
		}

	}

}
