package io.github.socketserver.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Applies the auto-configurations a {@link SocketServerTest} runs: those listed in
 * {@code META-INF/spring/io.github.socketserver.test.AutoConfigureSocketServer.imports},
 * the socket servers' own. Put it on a test that builds its context otherwise to get the
 * servers without the rest of the application's auto-configuration.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureSocketServer {

}
