/**
 * The connection path between an accepted socket and its handler: a chain of layers, each
 * of which may wrap reading and writing (as TLS does), or read a header and replace the
 * client address (as a PROXY protocol header does).
 */
@NullMarked
package io.github.socketserver.connection;

import org.jspecify.annotations.NullMarked;
