/**
 * How a server runs its requests: one at a time, a thread each, a virtual thread each, or
 * on a pool.
 */
@NullMarked
package io.github.socketserver.threading;

import org.jspecify.annotations.NullMarked;
