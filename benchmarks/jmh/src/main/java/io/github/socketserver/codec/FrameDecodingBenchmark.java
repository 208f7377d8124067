package io.github.socketserver.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a codec costs per frame when it cuts a read holding 16 pipelined Redis inline
 * {@code PING}s, or their length-prefixed equivalents, against a bare scan for
 * {@code '\n'} that copies the same bytes; and what a line arriving a byte at a time
 * costs when the search resumes ({@code decode(buffer, scanned)}) or starts over.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameDecodingBenchmark {

	private static final int FRAMES = 16;

	private static final LineCodec LINES = new LineCodec(8192);

	private static final LengthFieldCodec LENGTHS = new LengthFieldCodec(8192, 2);

	/**
	 * The length of the line trickled a byte at a time.
	 */
	@Param({ "1024" })
	public int trickledLength;

	private ByteBuffer lines;

	private ByteBuffer lengths;

	private ByteBuffer trickled;

	@Setup
	public void setUp() {
		byte[] ping = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
		this.lines = ByteBuffer.allocate(ping.length * FRAMES);
		this.lengths = ByteBuffer.allocate((2 + 4) * FRAMES);
		for (int i = 0; i < FRAMES; i++) {
			this.lines.put(ping);
			this.lengths.put(LENGTHS.encode(ByteBuffer.wrap(ping, 0, 4)));
		}
		this.lines.flip();
		this.lengths.flip();
		byte[] line = new byte[this.trickledLength];
		Arrays.fill(line, (byte) 'x');
		line[line.length - 1] = '\n';
		this.trickled = ByteBuffer.wrap(line);
	}

	@Benchmark
	public void lineCodec16(Blackhole blackhole) throws FrameException {
		ByteBuffer buffer = this.lines.position(0);
		for (byte[] frame = LINES.decode(buffer); frame != null; frame = LINES.decode(buffer)) {
			blackhole.consume(frame);
		}
	}

	@Benchmark
	public void lengthFieldCodec16(Blackhole blackhole) throws FrameException {
		ByteBuffer buffer = this.lengths.position(0);
		for (byte[] frame = LENGTHS.decode(buffer); frame != null; frame = LENGTHS.decode(buffer)) {
			blackhole.consume(frame);
		}
	}

	/**
	 * The least a line cutter does: scan for {@code '\n'}, drop a {@code '\r'}, copy.
	 */
	@Benchmark
	public void handScan16(Blackhole blackhole) {
		byte[] bytes = this.lines.array();
		int start = 0;
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == '\n') {
				int end = (i > start && bytes[i - 1] == '\r') ? i - 1 : i;
				byte[] frame = new byte[end - start];
				System.arraycopy(bytes, start, frame, 0, frame.length);
				blackhole.consume(frame);
				start = i + 1;
			}
		}
	}

	/**
	 * A line offered after each of its bytes, the search resuming after the bytes offered
	 * before, as {@code rfile().readFrame()} does.
	 */
	@Benchmark
	public byte[] trickledResuming() throws FrameException {
		return trickle(true);
	}

	/**
	 * The same line, each call searching from the line's start.
	 */
	@Benchmark
	public byte[] trickledStartingOver() throws FrameException {
		return trickle(false);
	}

	private byte[] trickle(boolean resume) throws FrameException {
		ByteBuffer buffer = this.trickled;
		byte[] frame = null;
		for (int limit = 1; frame == null; limit++) {
			buffer.limit(limit).position(0);
			frame = resume ? LINES.decode(buffer, limit - 1) : LINES.decode(buffer);
		}
		return frame;
	}

}
