/**
 * Auto-configuration of socket servers from {@code socketserver.*} properties.
 */
@NullMarked
package io.github.socketserver.autoconfigure;

import org.jspecify.annotations.NullMarked;
