package io.github.socketserver.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the port a running inet server listens on, from
 * {@code local.socketserver.<name>.port}, as {@code @LocalServerPort} does for the web
 * server: into an {@code int}, {@code Integer} or {@code String}.
 * <p>
 * On a field, constructor parameter or method parameter of a test class: a
 * {@link SocketServerTest} resolves it, and so does a {@code @SpringBootTest} with
 * {@code @ExtendWith(LocalSocketServerExtension.class)} (needed for parameters only).
 * Also on a field of a bean created after the servers started, such as a {@code @Lazy}
 * one.
 *
 * @since 0.1.0
 * @see LocalSocketServerPath
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LocalSocketServerPort {

	/**
	 * The name of the server, as configured under {@code socketserver.servers}.
	 * @return the server's name
	 */
	String value();

}
