package io.github.socketserver;

import java.io.EOFException;

import io.github.socketserver.codec.FrameException;
import io.github.socketserver.codec.FrameTooLongException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures are the client's, logged as one rate-limited line rather than as an
 * error with its stack trace.
 */
class ClientFaultsTests {

	@Test
	void bytesThatMakeNoFrameAreTheClientsFault() {
		assertThat(ClientFaults.isClientFault(new FrameTooLongException("too long", 16))).isTrue();
		assertThat(ClientFaults.isClientFault(new FrameException("garbage"))).isTrue();
	}

	@Test
	void aStreamEndedInsideAFrameIsTheClientsFault() {
		assertThat(ClientFaults.isClientFault(new EOFException("The stream ended inside a frame"))).isTrue();
	}

	@Test
	void aHandlersOwnFailureIsNot() {
		assertThat(ClientFaults.isClientFault(new IllegalStateException("a bug"))).isFalse();
	}

}
