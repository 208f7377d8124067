/**
 * Health of socket servers for Spring Boot's health endpoint.
 */
@NullMarked
package io.github.socketserver.health;

import org.jspecify.annotations.NullMarked;
