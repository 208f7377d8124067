package io.github.socketserver.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the socket file a running Unix server listens on, from
 * {@code local.socketserver.<name>.path}: into a {@code java.nio.file.Path} or a
 * {@code String}. Used where {@link LocalSocketServerPort} is.
 *
 * @since 0.1.0
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LocalSocketServerPath {

	/**
	 * The name of the server, as configured under {@code socketserver.servers}.
	 * @return the server's name
	 */
	String value();

}
