package io.github.socketserver.autoconfigure;

/**
 * Where a server's socket comes from when a supervisor, not the server, binds it.
 *
 * @since 0.1.0
 */
public enum InheritedSocketSource {

	/**
	 * None: the server binds its own socket from 'host', 'port' or 'path'.
	 */
	NONE,

	/**
	 * systemd's socket activation: a socket passed from descriptor 3 with
	 * {@code LISTEN_PID}, {@code LISTEN_FDS} and {@code LISTEN_FDNAMES}, found by name.
	 */
	SYSTEMD,

	/**
	 * The socket on standard input, as {@code StandardInput=socket} or inetd pass it.
	 */
	STDIN

}
