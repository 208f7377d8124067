/**
 * TLS as a layer of the connection path: a handshake on the connection's own thread, then
 * a transport that reads and writes plaintext over the encrypted one.
 */
@NullMarked
package io.github.socketserver.tls;

import org.jspecify.annotations.NullMarked;
