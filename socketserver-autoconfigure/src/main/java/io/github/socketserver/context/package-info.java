/**
 * Socket servers in the application context: the handler annotation, the lifecycle that
 * starts and drains the servers, their events, and the local port published for tests.
 */
@NullMarked
package io.github.socketserver.context;

import org.jspecify.annotations.NullMarked;
