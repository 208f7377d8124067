/**
 * Clients over real sockets for tests of socket servers, with timeouts so that a broken
 * server fails a test instead of hanging it.
 */
@NullMarked
package io.github.socketserver.test;

import org.jspecify.annotations.NullMarked;
