/**
 * Micrometer meters and observations of socket servers, fed by the core's listener SPI.
 */
@NullMarked
package io.github.socketserver.metrics;

import org.jspecify.annotations.NullMarked;
