package io.github.socketserver.context;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the port a running socket server listens on, as {@code @LocalServerPort} does
 * for web servers: handy in tests that configure port 0.
 * <p>
 * Put it on a field of type {@code int}, {@code Integer} or {@code String} of a test
 * class or of a bean created after the servers started. The value comes from the
 * {@code local.socketserver.<name>.port} property.
 *
 * @since 0.1.0
 * @deprecated in favour of {@code io.github.socketserver.test.LocalSocketServerPort} of
 * {@code socketserver-test}, which also goes on constructor and method parameters of test
 * classes, with {@code LocalSocketServerPath} for Unix servers
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Deprecated(since = "0.1.0")
public @interface LocalSocketServerPort {

	/**
	 * The name of the server.
	 * @return the server name
	 */
	String value();

}
