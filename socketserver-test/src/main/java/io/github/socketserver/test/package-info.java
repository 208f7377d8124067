/**
 * Test support for socket servers and their handlers: the {@code @SocketServerTest}
 * slice, injection of a server's port or socket file, clients over real sockets, and
 * requests made without a socket for unit tests of handlers.
 */
@NullMarked
package io.github.socketserver.test;

import org.jspecify.annotations.NullMarked;
