package io.github.socketserver.context;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a handler bean and names the servers it serves, configured under
 * {@code socketserver.servers.<name>}.
 * <p>
 * Put it on a class implementing {@code StreamRequestHandler} or
 * {@code DatagramRequestHandler} (it is a {@link Component}, so component scanning finds
 * it), or on a {@code @Bean} method returning one. A singleton handler is shared by all
 * requests and must be thread-safe; a handler of prototype scope is created afresh for
 * each request, as Python does.
 *
 * @since 0.1.0
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SocketHandler {

	/**
	 * The names of the servers this handler serves.
	 * @return the server names
	 */
	@AliasFor("servers")
	String[] value() default {};

	/**
	 * The names of the servers this handler serves.
	 * @return the server names
	 */
	@AliasFor("value")
	String[] servers() default {};

}
