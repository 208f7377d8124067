/**
 * What a server reports while it runs, for metrics, tracing and events: a listener SPI
 * with no Micrometer type in it.
 */
@NullMarked
package io.github.socketserver.listener;

import org.jspecify.annotations.NullMarked;
