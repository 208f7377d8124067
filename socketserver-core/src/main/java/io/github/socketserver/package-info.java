/**
 * Network servers in the shape of Python's {@code socketserver}: a server per socket
 * family, template methods to override, and a threading mode chosen per server.
 */
@NullMarked
package io.github.socketserver;

import org.jspecify.annotations.NullMarked;
