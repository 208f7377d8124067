/**
 * The fork mode's handlers: each request is handed to an operating-system command with
 * the connection or datagram on its standard input and output, as inetd does.
 */
@NullMarked
package io.github.socketserver.fork;

import org.jspecify.annotations.NullMarked;
