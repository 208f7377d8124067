/**
 * Auto-configuration of socket server health.
 */
@NullMarked
package io.github.socketserver.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
