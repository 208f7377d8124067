package io.github.socketserver.fork;

import java.io.IOException;
import java.io.StringReader;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BoundedLines}: lines cut to a bound, with what was dropped counted.
 */
class BoundedLinesTests {

	@Test
	void readsLinesEndedByLineFeedsOrCarriageReturnLineFeedsAndTheLastUnended() throws IOException {
		BoundedLines lines = new BoundedLines(new StringReader("one\r\n\ntwo\nthree"), 10);
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("one", 0));
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("", 0));
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("two", 0));
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("three", 0));
		assertThat(lines.next()).isNull();
	}

	@Test
	void keepsAtMostTheBoundOfALineAndCountsTheRest() throws IOException {
		BoundedLines lines = new BoundedLines(new StringReader("x".repeat(1_000_000) + "\nnext\n"), 8);
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("xxxxxxxx", 1_000_000 - 8));
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("next", 0));
		assertThat(lines.next()).isNull();
	}

}
