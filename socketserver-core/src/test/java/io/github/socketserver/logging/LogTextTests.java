package io.github.socketserver.logging;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogText#trace}: what a logger prints of an exception holds no control character
 * a client chose, in its causes and in its suppressed exceptions, and loses none of them.
 */
class LogTextTests {

	@Test
	void aSuppressedMessageWithALineBreakIsEscaped() {
		IllegalStateException failure = new IllegalStateException("closing failed");
		failure.addSuppressed(new IllegalArgumentException("bad input x\nINFO forged"));
		String printed = printed(LogText.trace(failure));
		assertThat(printed).contains("closing failed")
			.contains("Suppressed: ")
			.contains("bad input x\\x0aINFO forged")
			.doesNotContain("x\nINFO");
	}

	@Test
	void aSuppressedExceptionOfACauseIsEscapedAndKept() {
		IllegalStateException cause = new IllegalStateException("cause");
		cause.addSuppressed(new IllegalArgumentException("quoted\rINFO forged"));
		IllegalStateException failure = new IllegalStateException("wrapped\u001b[2J", cause);
		String printed = printed(LogText.trace(failure));
		assertThat(printed).contains("wrapped\\x1b[2J")
			.contains("quoted\\x0dINFO forged")
			.doesNotContain("\r", "\u001b");
	}

	@Test
	void anExceptionWithoutControlCharactersIsPassedAsItIs() {
		IllegalStateException failure = new IllegalStateException("plain");
		failure.addSuppressed(new IllegalArgumentException("also plain"));
		assertThat(LogText.trace(failure)).isSameAs(failure);
	}

	private static String printed(Throwable exception) {
		StringWriter text = new StringWriter();
		exception.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

}
