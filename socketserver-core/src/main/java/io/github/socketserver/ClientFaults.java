package io.github.socketserver;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;

import io.github.socketserver.codec.FrameException;
import io.github.socketserver.connection.LayerException;
import io.github.socketserver.handler.LineTooLongException;
import io.github.socketserver.handler.Request;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.logging.LogThrottles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default report of a failed request, {@code handleError} without an error handler: a
 * request cut by closing says so quietly, a failure the client caused (a line over the
 * bound, a malformed frame, a stream that ended inside a frame, a read that timed out, a
 * peer that went away, a connection a layer refused) takes one {@code WARN} line, and
 * anything else is logged at {@code ERROR} with its stack trace, as Python prints the
 * traceback. Any client can cause the faults as often as it likes, so each kind (its
 * exception's class) is logged at a bounded rate: its first line always, naming the
 * client, then at most one a second with the count since the last. The client's address
 * and text are escaped.
 */
final class ClientFaults {

	private static final Logger logger = LoggerFactory.getLogger(BaseServer.class);

	private final String serverName;

	private final LogThrottles throttles = new LogThrottles();

	ClientFaults(String serverName) {
		this.serverName = serverName;
	}

	void report(Request request, Exception exception, boolean serverClosed) {
		if (serverClosed && isCut(exception)) {
			logger.debug("Request from {} on server '{}' ended as it was cut: {}",
					LogText.escape(request.clientAddress()), this.serverName, LogText.escape(exception));
			return;
		}
		if (isClientFault(exception)) {
			long count = this.throttles.tryLog(exception.getClass());
			if (count > 0) {
				logger.warn("Server '{}' ended the request from {}: {} ({} such since the last report)",
						this.serverName, LogText.escape(request.clientAddress()), LogText.escape(exception), count);
			}
			return;
		}
		logger.error("Exception occurred during processing of request from {} on server '{}'",
				LogText.escape(request.clientAddress()), this.serverName, LogText.trace(exception));
	}

	/**
	 * What a handler sees when closing cuts its request: its channel closed under it, or
	 * its thread interrupted; also under a message handler's send, which wraps it.
	 */
	static boolean isCut(Exception exception) {
		if (exception instanceof UncheckedIOException unchecked) {
			return isCut(unchecked.getCause());
		}
		return exception instanceof AsynchronousCloseException || exception instanceof InterruptedException
				|| exception instanceof InterruptedIOException;
	}

	static boolean isClientFault(Exception exception) {
		if (exception instanceof UncheckedIOException unchecked) {
			// A message handler's send wraps the write's failure, and the handler lets it
			// go: judged by what the write failed with.
			return isClientFault(unchecked.getCause());
		}
		// An EOFException: the client ended its stream inside a frame or a record.
		if (exception instanceof LineTooLongException || exception instanceof FrameException
				|| exception instanceof EOFException || exception instanceof SocketTimeoutException
				|| exception instanceof LayerException) {
			return true;
		}
		// The JDK tells a peer that went away only by the message of a SocketException,
		// or of a plain IOException from a socket channel's write.
		String message = exception.getMessage();
		return (exception instanceof SocketException || exception.getClass() == IOException.class) && message != null
				&& (message.contains("Broken pipe") || message.contains("Connection reset"));
	}

}
