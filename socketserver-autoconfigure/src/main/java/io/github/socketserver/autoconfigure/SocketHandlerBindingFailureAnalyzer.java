package io.github.socketserver.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a mismatch between handler beans and configured servers.
 */
class SocketHandlerBindingFailureAnalyzer extends AbstractFailureAnalyzer<SocketHandlerBindingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SocketHandlerBindingException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
