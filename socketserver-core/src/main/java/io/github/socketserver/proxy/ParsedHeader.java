package io.github.socketserver.proxy;

/**
 * A header read from a connection, and how many of the bytes read it took.
 *
 * @param header the header
 * @param length its length in bytes
 */
record ParsedHeader(ProxyHeader header, int length) {
}
