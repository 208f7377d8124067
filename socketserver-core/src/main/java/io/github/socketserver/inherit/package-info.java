/**
 * Sockets a server inherits bound from a supervisor instead of binding them: systemd's
 * socket activation ({@code LISTEN_FDS}) and the single socket on standard input, checked
 * against what the server declares and turned into the engine's channels; and systemd's
 * {@code sd_notify}, for any plain-Java service.
 */
@NullMarked
package io.github.socketserver.inherit;

import org.jspecify.annotations.NullMarked;
