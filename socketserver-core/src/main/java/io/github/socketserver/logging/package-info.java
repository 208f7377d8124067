/**
 * Log lines a client can trigger: at a bounded rate, with the client's text escaped.
 */
@NullMarked
package io.github.socketserver.logging;

import org.jspecify.annotations.NullMarked;
