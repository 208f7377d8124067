package io.github.socketserver.handler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.connection.Transport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What {@link SocketReader#readLine()} costs per line over what a line reader cannot
 * avoid: the same source reads and the same String, found by a bare scan for
 * {@code '\n'}. The source is in memory, so the socket's cost is left out; it serves the
 * inline {@code PING} of Redis, one line per read as a request/response client sends
 * them, or 16 per read as a pipelining one does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LineReadingBenchmark {

	private static final byte[] LINE = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final int MAX_LINE_LENGTH = 8192;

	/**
	 * How many lines each read of the source returns.
	 */
	@Param({ "1", "16" })
	public int linesPerRead;

	private SocketReader reader;

	private RepeatingSource source;

	private byte[] buffer;

	private int position;

	private int limit;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		// No server and no socket: a reader over any transport.
		this.reader = new SocketReader(new RepeatingSource(LINE, this.linesPerRead), MAX_LINE_LENGTH);
		this.source = new RepeatingSource(LINE, this.linesPerRead);
		// The size SocketReader starts with.
		this.buffer = new byte[128];
	}

	@Benchmark
	public String socketReader() throws IOException {
		return this.reader.readLine();
	}

	/**
	 * The least a line reader does: refill from the source when the buffer is used up,
	 * scan for {@code '\n'}, drop a {@code '\r'} before it, decode.
	 */
	@Benchmark
	public String handScan() throws IOException {
		byte[] bytes = this.buffer;
		if (this.position == this.limit) {
			this.limit = this.source.read(ByteBuffer.wrap(bytes), 0);
			this.position = 0;
		}
		int start = this.position;
		int newline = start;
		while (bytes[newline] != '\n') {
			newline++;
		}
		int end = (newline > start && bytes[newline - 1] == '\r') ? newline - 1 : newline;
		this.position = newline + 1;
		return new String(bytes, start, end - start, StandardCharsets.UTF_8);
	}

	/**
	 * Serves the same lines for ever, {@code linesPerRead} of them per read, as a client
	 * that writes them in one go.
	 */
	private static final class RepeatingSource implements Transport {

		private final byte[] chunk;

		private int offset;

		RepeatingSource(byte[] line, int linesPerRead) {
			this.chunk = new byte[line.length * linesPerRead];
			for (int i = 0; i < linesPerRead; i++) {
				System.arraycopy(line, 0, this.chunk, i * line.length, line.length);
			}
		}

		@Override
		public int read(ByteBuffer target, long timeoutNanos) {
			int count = Math.min(target.remaining(), this.chunk.length - this.offset);
			target.put(this.chunk, this.offset, count);
			this.offset += count;
			if (this.offset == this.chunk.length) {
				this.offset = 0;
			}
			return count;
		}

		@Override
		public void write(ByteBuffer source) {
			throw new UnsupportedOperationException("The benchmark only reads");
		}

	}

}
