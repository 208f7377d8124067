package io.github.socketserver.metrics;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Registers the meters of one server exactly as {@link SocketServerMeters} documents
 * them: name, description, base unit, the server's tags, and a value for each of the
 * meter's own keys. Registering a meter again returns the one registered.
 */
final class ServerMeters {

	private final MeterRegistry registry;

	private final Tags serverTags;

	ServerMeters(MeterRegistry registry, String serverName, AddressFamily family, SocketType type) {
		this.registry = registry;
		this.serverTags = serverTags(serverName, family, type);
	}

	/**
	 * The tags every meter of a server carries.
	 * @param serverName the server's name
	 * @param family its address family
	 * @param type its socket type
	 * @return {@code server.name}, {@code family} and {@code type}
	 */
	static Tags serverTags(String serverName, AddressFamily family, SocketType type) {
		return Tags.of(SocketServerKeyNames.SERVER_NAME.asString(), serverName, SocketServerKeyNames.FAMILY.asString(),
				lower(family), SocketServerKeyNames.TYPE.asString(), lower(type));
	}

	Counter counter(SocketServerMeters meter, String... values) {
		return Counter.builder(meter.getName())
			.description(meter.getDescription())
			.baseUnit(meter.getBaseUnit())
			.tags(tags(meter, Meter.Type.COUNTER, values))
			.register(this.registry);
	}

	Timer timer(SocketServerMeters meter, String... values) {
		return Timer.builder(meter.getName())
			.description(meter.getDescription())
			.tags(tags(meter, Meter.Type.TIMER, values))
			.register(this.registry);
	}

	/**
	 * Registers a gauge of a count the caller keeps, held strongly: the registry may hold
	 * gauges weakly, and the count lives as long as the server.
	 */
	void gauge(SocketServerMeters meter, AtomicInteger value) {
		Gauge.builder(meter.getName(), value, AtomicInteger::get)
			.description(meter.getDescription())
			.baseUnit(meter.getBaseUnit())
			.tags(tags(meter, Meter.Type.GAUGE))
			.strongReference(true)
			.register(this.registry);
	}

	private Tags tags(SocketServerMeters meter, Meter.Type type, String... values) {
		KeyName[] keys = meter.extraKeyNames();
		if (meter.getType() != type || keys.length != values.length) {
			throw new IllegalArgumentException(meter + " is a " + meter.getType() + " with " + keys.length
					+ " keys of its own, not a " + type + " with " + values.length);
		}
		Tags tags = this.serverTags;
		for (int i = 0; i < keys.length; i++) {
			tags = tags.and(keys[i].asString(), values[i]);
		}
		return tags;
	}

	static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
