package io.github.socketserver.message;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.github.socketserver.codec.FrameCodec;
import io.github.socketserver.codec.FrameException;
import io.github.socketserver.codec.FrameTooLongException;
import io.github.socketserver.connection.DetachedTransport;
import org.jspecify.annotations.Nullable;

/**
 * How a loop reads its connections: into one buffer of the loop, from which the codec
 * cuts the frames; only the tail of a frame not yet whole is copied into a buffer of its
 * connection, which is let go once the frame is. Frames go to the handler on the loop
 * ({@code sync}) or to the connection's {@link FrameRun}. What a layer turns first is
 * {@link LayerInput}'s, and how the input ends {@link InputEnd}'s.
 * <p>
 * Used by its loop's thread alone.
 */
final class FrameInput {

	/**
	 * How much one read takes at most.
	 */
	static final int READ_BUFFER_SIZE = 64 * 1024;

	private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_SIZE);

	private final EngineContext context;

	/**
	 * The frame run that the frames of the current read started: its task is given to the
	 * executor once the read is cut whole, so that it finds every frame of the read
	 * waiting (their replies then go out in one write) and costs one hand-over.
	 */
	private @Nullable FrameRun toStart;

	FrameInput(EngineContext context) {
		this.context = context;
	}

	/**
	 * Reads what the connection's socket holds and handles the frames it completes.
	 * @param connection a connection of this loop, readable
	 */
	void readable(EngineConnection connection) {
		ByteBuffer buffer = this.buffer;
		buffer.clear();
		int count;
		try {
			count = connection.channel.read(buffer);
		}
		catch (IOException ex) {
			connection.closeNow(ex);
			return;
		}
		if (count < 0) {
			InputEnd.endOfStream(connection);
			return;
		}
		if (count == 0) {
			return;
		}
		this.context.traffic.bytesReceived(count);
		if (this.context.readTimeoutNanos > 0) {
			connection.waitingSince = System.nanoTime();
		}
		buffer.flip();
		DetachedTransport layer = connection.layer;
		if (layer == null) {
			received(connection, buffer, false);
		}
		else {
			LayerInput.unwrap(this, connection, layer, buffer);
		}
	}

	/**
	 * Handles what a connection's layers read ahead, before anything the loop reads; a
	 * layer that read the end of its stream with them (a TLS {@code close_notify} right
	 * behind the handshake) ends the input now, as no more bytes may come to say so.
	 */
	void unread(EngineConnection connection, ByteBuffer unread) {
		if (unread.hasRemaining()) {
			received(connection, unread, false);
		}
		DetachedTransport layer = connection.layer;
		if (layer != null) {
			LayerInput.unwrap(this, connection, layer, ByteBuffer.allocate(0));
		}
	}

	/**
	 * Cuts the frames out of bytes in the clear, after the connection's pending tail, and
	 * keeps what is left of a frame not yet whole.
	 * @param owned whether the bytes are in a buffer of the connection's own, which may
	 * be kept
	 */
	void received(EngineConnection connection, ByteBuffer bytes, boolean owned) {
		ByteBuffer source = bytes;
		// The codec saw the pending tail before and found no frame end in it.
		int scanned = 0;
		if (connection.pending != null) {
			scanned = connection.pending.remaining();
			source = FrameBuffers.append(connection.pending, bytes);
			owned = true;
		}
		connection.pending = null;
		boolean decoding;
		try {
			decoding = decode(connection, source, scanned);
		}
		finally {
			FrameRun run = this.toStart;
			if (run != null) {
				this.toStart = null;
				run.start();
			}
		}
		if (!decoding || !source.hasRemaining()) {
			connection.frameStartedAt = 0;
		}
		else {
			if (connection.frameStartedAt == 0) {
				connection.frameStartedAt = System.nanoTime();
			}
			connection.pending = FrameBuffers.keep(source, owned);
			FrameCodec codec = this.context.codec;
			if (source.remaining() > codec.maxFrameLength()) {
				// The codec's own check should have said so: the engine holds no more.
				connection.pending = null;
				InputEnd.frameFailed(connection, new FrameTooLongException(
						"No frame ended within " + codec.maxFrameLength() + " bytes", codec.maxFrameLength()));
			}
		}
		if (this.context.inline) {
			connection.flushCorked();
			if (this.context.readTimeoutNanos > 0) {
				connection.waitingSince = System.nanoTime();
			}
		}
		synchronized (connection) {
			if ((connection.state & ConnectionState.DRAINING) == 0) {
				return;
			}
		}
		InputEnd.drain(connection);
	}

	/**
	 * Cuts and hands on frames until the bytes hold no whole one.
	 * @return false if the connection stopped taking frames (it failed or closes)
	 */
	private boolean decode(EngineConnection connection, ByteBuffer source, int scanned) {
		FrameCodec codec = this.context.codec;
		int offered = scanned;
		while (source.hasRemaining()) {
			synchronized (connection) {
				if ((connection.state & (ConnectionState.OUTPUT_CLOSED | ConnectionState.CLOSED)) != 0) {
					return false;
				}
			}
			byte[] frame;
			int before = source.position();
			try {
				frame = codec.decode(source, offered);
				offered = 0;
				if (frame != null && source.position() == before) {
					// It would give the same frame forever.
					throw new FrameException("The codec " + codec + " gave a frame without taking its bytes");
				}
			}
			catch (FrameException ex) {
				InputEnd.frameFailed(connection, ex);
				return false;
			}
			catch (RuntimeException ex) {
				InputEnd.frameFailed(connection, new FrameException("The codec failed: " + ex));
				return false;
			}
			if (frame == null) {
				return true;
			}
			deliver(connection, frame, source.hasRemaining());
		}
		return true;
	}

	private void deliver(EngineConnection connection, byte[] frame, boolean more) {
		FrameRun start = null;
		synchronized (connection) {
			connection.state |= ConnectionState.FRAMED;
			if (!this.context.inline) {
				FrameRun run = connection.run;
				if (run == null) {
					run = new FrameRun(connection);
					connection.run = run;
				}
				if (run.add(frame)) {
					start = run;
				}
				if (run.bytes() > FrameRun.MAX_WAITING_BYTES || run.size() > FrameRun.MAX_WAITING_FRAMES) {
					connection.state |= ConnectionState.PAUSED_FRAMES;
					connection.updateInterest();
				}
			}
		}
		if (this.context.inline) {
			connection.corkedBy = more ? Thread.currentThread() : null;
			FrameHandling.handleInline(connection, frame);
		}
		else if (start != null) {
			this.toStart = start;
		}
	}

}
