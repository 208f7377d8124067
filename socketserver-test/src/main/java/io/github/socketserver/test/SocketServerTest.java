package io.github.socketserver.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test of socket servers and their handlers alone, as {@code @WebMvcTest} is of web
 * controllers: the application's configuration is found as for {@code @SpringBootTest},
 * but only the socket server auto-configuration runs, and component scanning keeps only
 * the {@code @SocketHandler} beans and the {@code SocketServerCustomizer},
 * {@code RequestVerifier} and {@code ErrorHandler} components. Add what else a handler
 * needs with {@code @Import}, or {@code @MockitoBean}; a handler declared by a
 * {@code @Bean} method comes with its configuration class, imported the same way.
 * <p>
 * The servers of {@code application.yml} start as configured, but by default on free
 * addresses: every inet server on port 0 and every Unix server on a socket file in a
 * fresh temporary directory, deleted when the context closes ({@link #freeAddresses()}).
 * {@link #servers()} starts only the servers named. Inject where a server listens with
 * {@link LocalSocketServerPort @LocalSocketServerPort} and
 * {@link LocalSocketServerPath @LocalSocketServerPath}, on fields, constructor or method
 * parameters, and talk to it with {@link SocketTestClient}:
 *
 * <pre class="code">
 * &#64;SocketServerTest(servers = "echo")
 * class EchoHandlerTests {
 *
 *     private final int port;
 *
 *     EchoHandlerTests(&#64;LocalSocketServerPort("echo") int port) {
 *         this.port = port;
 *     }
 *
 *     &#64;Test
 *     void echoesALine() throws IOException {
 *         try (SocketTestClient client = SocketTestClient.tcp(this.port)) {
 *             client.sendLine("hello");
 *             assertThat(client.readLine()).isEqualTo("hello");
 *         }
 *     }
 *
 * }
 * </pre>
 *
 * @since 0.1.0
 * @see AutoConfigureSocketServer
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(SocketServerTestContextBootstrapper.class)
@ExtendWith({ SpringExtension.class, LocalSocketServerExtension.class })
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(SocketServerTypeExcludeFilter.class)
@AutoConfigureSocketServer
@ImportAutoConfiguration
public @interface SocketServerTest {

	/**
	 * Alias for {@link #servers()}.
	 * @return the servers to start
	 */
	@AliasFor("servers")
	String[] value() default {};

	/**
	 * The servers to start, by name; empty for all of them. The others are not created
	 * ({@code socketserver.servers.<name>.enabled=false}), and the handlers that serve
	 * none of the named servers are left out of the context, so their own dependencies
	 * need not exist.
	 * @return the servers to start
	 */
	@AliasFor("value")
	String[] servers() default {};

	/**
	 * Whether every inet server listens on a free port (port 0) and every Unix server on
	 * a socket file in a fresh temporary directory, instead of the port and path
	 * configured. These replace the configured ones, also those given in
	 * {@link #properties()}.
	 * @return false to keep the configured addresses
	 */
	boolean freeAddresses() default true;

	/**
	 * Properties in the form {@literal key=value} added to the environment before the
	 * test runs.
	 * @return the properties to add
	 */
	String[] properties() default {};

	/**
	 * Whether component scanning keeps the handlers, customizers, verifiers and error
	 * handlers of the application; false keeps only the {@link #includeFilters()}.
	 * @return whether the default filters apply
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Filters adding components that scanning would otherwise leave out.
	 * @return the include filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Filters leaving out components that scanning would otherwise keep.
	 * @return the exclude filters
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configurations not to apply in this test.
	 * @return the auto-configurations to exclude
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
