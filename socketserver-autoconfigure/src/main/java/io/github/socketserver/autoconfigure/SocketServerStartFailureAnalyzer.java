package io.github.socketserver.autoconfigure;

import java.net.BindException;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketFileException;
import io.github.socketserver.context.SocketServerStartException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a socket server that could not bind, with what to change.
 */
class SocketServerStartFailureAnalyzer extends AbstractFailureAnalyzer<SocketServerStartException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SocketServerStartException cause) {
		String prefix = "socketserver.servers." + cause.serverName() + ".";
		String description = "Socket server '" + cause.serverName() + "' could not start on " + cause.address() + ": "
				+ cause.getCause().getMessage();
		SocketFileException notASocket = findCause(cause, SocketFileException.class);
		if (notASocket != null) {
			return new FailureAnalysis(description, "Remove the file " + notASocket.path()
					+ " if it is not needed, or set '" + prefix + "path' to another path.", cause);
		}
		if (findCause(cause, BindException.class) != null) {
			String action = (cause.family() == AddressFamily.UNIX)
					? "Stop the process that serves on " + cause.address() + ", or set '" + prefix
							+ "path' to another path."
					: "Identify and stop the process that is listening on " + cause.address() + ", or set '" + prefix
							+ "port' to another port (0 picks a free one).";
			return new FailureAnalysis(description, action, cause);
		}
		return new FailureAnalysis(description, "Review the settings under '" + prefix + "*'.", cause);
	}

}
