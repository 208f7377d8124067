package io.github.socketserver.fork;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

import io.github.socketserver.handler.Request;

/**
 * The environment of a child process. The JVM's may hold secrets (a database password, a
 * service token), so a child gets only the few variables programs commonly need, unless
 * its command inherits the JVM's; then the configured variables, then where CGI
 * ({@code REMOTE_ADDR}, {@code REMOTE_PORT}) and UCSPI/tcpserver ({@code TCPREMOTEIP},
 * {@code TCPREMOTEPORT}) programs look for the client's address.
 * <p>
 * Client variables that did not come from this request are removed: an inherited
 * {@code TCPREMOTEHOST} would describe another client. A Unix client's address is a path
 * the client chose, no identity a child may trust, so none is given: the configured
 * variables stay as they are. systemd's variables for the JVM ({@code NOTIFY_SOCKET},
 * {@code LISTEN_*}, {@code WATCHDOG_*}) are never inherited: they speak for the JVM's
 * process, not a child's.
 */
final class ChildEnvironment {

	/**
	 * The variables of the JVM a child gets when it does not inherit them all.
	 */
	static final List<String> MINIMAL = List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR");

	/**
	 * The CGI variables that describe a client.
	 */
	private static final List<String> CGI_CLIENT = List.of("REMOTE_ADDR", "REMOTE_PORT", "REMOTE_HOST", "REMOTE_USER",
			"REMOTE_IDENT");

	/**
	 * systemd's variables for this process: with them a child could tell systemd the
	 * service is stopping ({@code STOPPING=1}), claim to be its main process
	 * ({@code MAINPID=}), pet its watchdog, or take sockets meant for the JVM.
	 */
	private static final List<String> SUPERVISOR = List.of("NOTIFY_SOCKET", "LISTEN_PID", "LISTEN_FDS",
			"LISTEN_FDNAMES", "WATCHDOG_USEC", "WATCHDOG_PID");

	private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

	private ChildEnvironment() {
	}

	/**
	 * Replaces what {@code target} holds with the environment of a request's child.
	 * @param target the environment of the process builder
	 * @param command the command, with its configured variables
	 * @param request the request, whose client is described
	 * @param jvm the JVM's environment
	 */
	static void fill(Map<String, String> target, ChildCommand command, Request request, Map<String, String> jvm) {
		target.clear();
		if (command.inheritEnvironment()) {
			target.putAll(jvm);
			target.keySet().removeAll(SUPERVISOR);
		}
		else {
			MINIMAL.stream().filter(jvm::containsKey).forEach((name) -> target.put(name, jvm.get(name)));
			target.putIfAbsent("PATH", DEFAULT_PATH);
		}
		target.keySet().removeIf((name) -> name.startsWith("TCPREMOTE") || CGI_CLIENT.contains(name));
		target.putAll(command.environment());
		describeClient(request, target);
	}

	private static void describeClient(Request request, Map<String, String> environment) {
		SocketAddress client = request.clientAddress();
		environment.put("SOCKETSERVER_NAME", request.server().name());
		if (client instanceof InetSocketAddress inet) {
			String host = (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
			environment.put("REMOTE_ADDR", host);
			environment.put("REMOTE_PORT", String.valueOf(inet.getPort()));
			environment.put("TCPREMOTEIP", host);
			environment.put("TCPREMOTEPORT", String.valueOf(inet.getPort()));
		}
	}

}
