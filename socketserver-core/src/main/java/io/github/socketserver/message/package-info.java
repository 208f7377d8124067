/**
 * Message handlers: a handler called once per frame, which holds no thread while its
 * connection is idle, and the engine that waits for readable bytes on their behalf.
 */
@NullMarked
package io.github.socketserver.message;

import org.jspecify.annotations.NullMarked;
