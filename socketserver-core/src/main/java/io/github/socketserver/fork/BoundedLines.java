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

	/**
	 * Characters read and not yet taken, from {@link #position} to {@link #limit}: read a
	 * buffer at a time, as a child may write megabytes of error text.
	 */
	private final char[] buffer = new char[8192];

	private int position;

	private int limit;

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
		boolean any = false;
		while (true) {
			if (this.position == this.limit && !fill()) {
				if (!any) {
					return null;
				}
				break;
			}
			any = true;
			int start = this.position;
			int end = start;
			while (end < this.limit && this.buffer[end] != '\n') {
				end++;
			}
			int kept = Math.min(end - start, this.maxLength - text.length());
			text.append(this.buffer, start, kept);
			omitted += (end - start) - kept;
			if (end < this.limit) {
				this.position = end + 1;
				break;
			}
			this.position = end;
		}
		int end = text.length();
		if (omitted == 0 && end > 0 && text.charAt(end - 1) == '\r') {
			text.setLength(end - 1);
		}
		return new Line(text.toString(), omitted);
	}

	private boolean fill() throws IOException {
		int count = this.reader.read(this.buffer);
		if (count <= 0) {
			return false;
		}
		this.position = 0;
		this.limit = count;
		return true;
	}

}
