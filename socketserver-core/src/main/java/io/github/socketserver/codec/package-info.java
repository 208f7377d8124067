/**
 * Framing: codecs that cut a byte stream (or one datagram) into frames and frame what is
 * sent, each with a bound on the size of a frame.
 */
@NullMarked
package io.github.socketserver.codec;

import org.jspecify.annotations.NullMarked;
