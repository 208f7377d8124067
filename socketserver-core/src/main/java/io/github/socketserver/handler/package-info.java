/**
 * Request handlers ({@code setup}, {@code handle}, {@code finish}) and the requests they
 * are given.
 */
@NullMarked
package io.github.socketserver.handler;

import org.jspecify.annotations.NullMarked;
