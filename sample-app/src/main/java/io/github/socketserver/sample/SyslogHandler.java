package io.github.socketserver.sample;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.socketserver.context.SocketHandler;
import io.github.socketserver.handler.DatagramRequest;
import io.github.socketserver.handler.DatagramRequestHandler;
import io.github.socketserver.logging.LogText;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A syslog receiver on a Unix datagram socket ({@code syslog}, as {@code logger -u PATH}
 * sends) and on UDP ({@code syslog-udp}, as {@code logger --udp}): logs each message with
 * its facility and severity, its control characters escaped, and counts them in the
 * {@code sample.syslog.messages} meter.
 */
@SocketHandler({ "syslog", "syslog-udp" })
class SyslogHandler implements DatagramRequestHandler {

	private static final Logger logger = LoggerFactory.getLogger(SyslogHandler.class);

	private static final Pattern PRIORITY = Pattern.compile("^<(\\d{1,3})>(.*)$", Pattern.DOTALL);

	private final MeterRegistry registry;

	private final AtomicLong received = new AtomicLong();

	SyslogHandler(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void handle(DatagramRequest request) {
		String message = new String(request.packet(), StandardCharsets.UTF_8).strip();
		Matcher matcher = PRIORITY.matcher(message);
		int priority = matcher.matches() ? Integer.parseInt(matcher.group(1)) : 13;
		String text = matcher.matches() ? matcher.group(2) : message;
		this.received.incrementAndGet();
		this.registry.counter("sample.syslog.messages", "server", request.server().name()).increment();
		// Any sender chooses the text: escaped, so that a line break cannot forge a log
		// line.
		logger.info("syslog [{}] facility={} severity={}: {}", request.server().name(), priority / 8, priority % 8,
				LogText.escape(text));
	}

	/**
	 * The messages received since start, on both servers.
	 * @return the count
	 */
	long received() {
		return this.received.get();
	}

}
