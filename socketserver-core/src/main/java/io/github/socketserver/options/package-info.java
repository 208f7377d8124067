/**
 * The settings of a server, Python's class attributes as immutable values grouped by
 * concern and made by {@link io.github.socketserver.options.ServerOptions.Builder}.
 */
@NullMarked
package io.github.socketserver.options;

import org.jspecify.annotations.NullMarked;
