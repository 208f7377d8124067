/**
 * Access control without code: address ranges for inet servers, peer credentials for Unix
 * stream servers, as request verifiers.
 */
@NullMarked
package io.github.socketserver.access;

import org.jspecify.annotations.NullMarked;
