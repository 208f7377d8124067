/**
 * Auto-configuration of the {@code socketservers} actuator endpoint.
 */
@NullMarked
package io.github.socketserver.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
