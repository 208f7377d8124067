/**
 * The {@code socketservers} actuator endpoint.
 */
@NullMarked
package io.github.socketserver.endpoint;

import org.jspecify.annotations.NullMarked;
