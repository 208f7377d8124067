package io.github.socketserver.fork;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.WeakHashMap;

import io.github.socketserver.handler.Request;
import io.github.socketserver.handler.RequestServer;
import io.github.socketserver.logging.LogText;
import io.github.socketserver.logging.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of children's standard error. A child may echo what its client sent, and every
 * client starts one, so each line is escaped and bounded in length, at most
 * {@value #MAX_LINES} lines of a child are logged (the rest counted), and every line of
 * all of a server's children counts against one throttle: a burst of {@value #BURST},
 * then one a second. Throttles are kept per server while the server lives.
 */
final class ChildErrorLog {

	static final int BURST = 20;

	/**
	 * The most characters of one line of standard error that are logged.
	 */
	static final int MAX_LINE_LENGTH = 1_000;

	private static final int MAX_LINES = 20;

	/**
	 * Named after the child, as the lines are the child's.
	 */
	private static final Logger logger = LoggerFactory.getLogger(Children.class);

	private static final Map<RequestServer, LogThrottle> throttles = new WeakHashMap<>();

	private ChildErrorLog() {
	}

	/**
	 * The throttle of a server's children.
	 * @param server the server
	 * @return its throttle, made on first use
	 */
	static LogThrottle of(RequestServer server) {
		synchronized (throttles) {
			return throttles.computeIfAbsent(server, (key) -> new LogThrottle(BURST));
		}
	}

	/**
	 * Logs a child's standard error until it ends.
	 * @param request the request the child serves
	 * @param program the program's name
	 * @param process the child
	 */
	static void log(Request request, String program, Process process) {
		LogThrottle throttle = of(request.server());
		String server = request.server().name();
		try (Reader stderr = new BufferedReader(
				new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
			BoundedLines errors = new BoundedLines(stderr, MAX_LINE_LENGTH);
			long logged = 0;
			for (BoundedLines.Line line = errors.next(); line != null; line = errors.next()) {
				// Every line counts against the rate, those past a child's bound too.
				long count = throttle.tryLog();
				if (count > 0 && logged < MAX_LINES) {
					logged++;
					logger.warn("[{}] {} (pid {}): {}{}{}", server, program, process.pid(), LogText.escape(line.text()),
							(line.omitted() > 0) ? " (" + line.omitted() + " more characters not logged)" : "",
							(count > 1) ? " (" + (count - 1) + " lines of the server's children held back before it)"
									: "");
				}
				else if (count > 0) {
					logger.warn("[{}] {} (pid {}): {} lines of the server's children not logged, this child having "
							+ "written more than {}", server, program, process.pid(), count, MAX_LINES);
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Standard error of child {} ended", process.pid(), ex);
		}
	}

}
