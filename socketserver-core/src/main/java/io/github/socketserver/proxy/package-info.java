/**
 * The PROXY protocol (versions 1 and 2) as a layer of the connection path: the address of
 * the client behind a load balancer, and what the balancer says of it.
 */
@NullMarked
package io.github.socketserver.proxy;

import org.jspecify.annotations.NullMarked;
