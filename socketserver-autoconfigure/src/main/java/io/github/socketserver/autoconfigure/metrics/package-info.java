/**
 * Auto-configuration of socket server metrics and observations.
 */
@NullMarked
package io.github.socketserver.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
