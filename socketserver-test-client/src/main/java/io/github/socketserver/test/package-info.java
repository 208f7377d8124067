/**
 * Test support for socket servers and their handlers, in two modules that share this
 * package so that a test imports one package: {@code socketserver-test-client} holds the
 * clients over real sockets, with timeouts so that a broken server fails a test instead
 * of hanging it (plain Java, for the engine's own tests); {@code socketserver-test} adds
 * the {@code @SocketServerTest} slice, injection of a server's port or socket file, and
 * requests made without a socket for unit tests of handlers.
 * <p>
 * This is the package's only description. As two jars hold the package, they are meant
 * for the class path, where tests run: the module path refuses a package split across
 * modules.
 */
@NullMarked
package io.github.socketserver.test;

import org.jspecify.annotations.NullMarked;
