package io.github.socketserver.fork;

import java.io.IOException;
import java.io.Reader;

import org.jspecify.annotations.Nullable;

/**
 * Reads text a line at a time, keeping at most a bounded number of characters of each: a
 * child that writes a gigabyte without a line end must not make the server hold it. What
 * goes past the bound is counted and dropped. Not thread-safe: one reader thread.
 */
final class BoundedLines {

	/**
	 * A line, cut to the bound.
	 *
	 * @param text the characters kept, without the line end
	 * @param omitted how many characters past the bound were dropped
	 */
	record Line(String text, long omitted) {
	}

	private final Reader reader;

	private final int maxLength;

	BoundedLines(Reader reader, int maxLength) {
		this.reader = reader;
		this.maxLength = maxLength;
	}

	/**
	 * Reads the next line.
	 * @return the line, or {@code null} at the end of the text
	 * @throws IOException if reading fails
	 */
	@Nullable Line next() throws IOException {
		StringBuilder text = new StringBuilder();
		long omitted = 0;
		int next = this.reader.read();
		if (next < 0) {
			return null;
		}
		while (next >= 0 && next != '\n') {
			if (text.length() < this.maxLength) {
				text.append((char) next);
			}
			else {
				omitted++;
			}
			next = this.reader.read();
		}
		int end = text.length();
		if (omitted == 0 && end > 0 && text.charAt(end - 1) == '\r') {
			text.setLength(end - 1);
		}
		return new Line(text.toString(), omitted);
	}

}
