package io.github.socketserver.fork;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
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

	@Test
	void readsLinesThatCrossTheReadsOfItsBuffer() throws IOException {
		String first = "a".repeat(8190);
		String text = first + "\r\nsecond\n" + "b".repeat(20_000) + "\nlast";
		BoundedLines lines = new BoundedLines(new StringReader(text), 10_000);
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line(first, 0));
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("second", 0));
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("b".repeat(10_000), 10_000));
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("last", 0));
		assertThat(lines.next()).isNull();
	}

	@Test
	void readsLinesFromAReaderThatGivesOneCharacterAtATime() throws IOException {
		Reader trickle = new FilterReader(new StringReader("one\ntwo\r\n\nthree")) {
			@Override
			public int read(char[] buffer, int offset, int length) throws IOException {
				return super.read(buffer, offset, Math.min(1, length));
			}
		};
		BoundedLines lines = new BoundedLines(trickle, 2);
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("on", 1));
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("tw", 2));
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("", 0));
		assertThat(lines.next()).isEqualTo(new BoundedLines.Line("th", 3));
		assertThat(lines.next()).isNull();
	}

}
