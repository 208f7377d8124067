package io.github.socketserver.handler;

/**
 * Handles the datagrams of a datagram server, Python's {@code DatagramRequestHandler}.
 * <p>
 * Each datagram is one request: read it with {@link DatagramRequest#packet()} or
 * {@link DatagramRequest#rfile()}; what the handler writes to
 * {@link DatagramRequest#wfile()} is sent back to the client as one datagram once the
 * handler is done.
 * <p>
 * A shared handler serves datagrams concurrently in the threaded modes: keep per-request
 * state in local variables, or have the server create a fresh handler per request.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DatagramRequestHandler extends RequestHandler<DatagramRequest> {

}
