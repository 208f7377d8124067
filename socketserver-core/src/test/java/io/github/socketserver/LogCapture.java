package io.github.socketserver;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what the servers log while a test runs, to check that a failure is logged with
 * its client.
 */
final class LogCapture implements AutoCloseable {

	private final Logger logger = (Logger) LoggerFactory.getLogger("io.github.socketserver");

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	LogCapture() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/**
	 * The formatted messages logged so far, with the message of their exception.
	 */
	List<String> messages() {
		List<ILoggingEvent> events;
		// Appending holds the appender's lock.
		synchronized (this.appender) {
			events = List.copyOf(this.appender.list);
		}
		return events.stream()
			.map((event) -> event.getFormattedMessage()
					+ ((event.getThrowableProxy() != null) ? " " + event.getThrowableProxy().getMessage() : ""))
			.toList();
	}

	/**
	 * The exceptions logged so far, each as its class, message and causes would print.
	 */
	List<String> errors() {
		List<ILoggingEvent> events;
		synchronized (this.appender) {
			events = List.copyOf(this.appender.list);
		}
		return events.stream()
			.filter((event) -> event.getThrowableProxy() != null)
			.map((event) -> describe(event.getThrowableProxy()))
			.toList();
	}

	private static String describe(IThrowableProxy proxy) {
		String text = proxy.getClassName() + ": " + proxy.getMessage();
		return (proxy.getCause() != null) ? text + "\nCaused by: " + describe(proxy.getCause()) : text;
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
	}

}
