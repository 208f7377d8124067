package io.github.socketserver.metrics;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.metrics.SocketServerKeyNames.Outcome;
import io.github.socketserver.metrics.SocketServerObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Tag;

/**
 * What the default convention says of every request of one server, made once per server
 * so that a request allocates none of it: its low-cardinality key values before the
 * request ends and after each outcome, and its contextual name.
 *
 * @param serverName the server's name
 * @param family its address family
 * @param type its socket type
 * @param contextualName the name of its requests' spans
 * @param started the key values of a request in progress
 * @param succeeded those of a request whose handler returned
 * @param failed those of a request whose handler threw
 */
record ServerKeyValues(String serverName, AddressFamily family, SocketType type, String contextualName,
		KeyValues started, KeyValues succeeded, KeyValues failed) {

	static ServerKeyValues of(String serverName, AddressFamily family, SocketType type) {
		KeyValues started = KeyValues.of(ServerMeters.serverTags(serverName, family, type), Tag::getKey, Tag::getValue);
		return new ServerKeyValues(serverName, family, type, "socketserver " + serverName, started,
				started.and(LowCardinalityKeyNames.OUTCOME.withValue(Outcome.SUCCESS.asString())),
				started.and(LowCardinalityKeyNames.OUTCOME.withValue(Outcome.ERROR.asString())));
	}

}
