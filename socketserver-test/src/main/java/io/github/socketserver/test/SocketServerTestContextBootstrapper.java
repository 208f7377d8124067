package io.github.socketserver.test;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/**
 * Bootstraps a {@link SocketServerTest}: finds the application's configuration as
 * {@code @SpringBootTest} does, and adds the annotation's {@code properties}.
 */
class SocketServerTestContextBootstrapper extends TestSliceTestContextBootstrapper<SocketServerTest> {

}
