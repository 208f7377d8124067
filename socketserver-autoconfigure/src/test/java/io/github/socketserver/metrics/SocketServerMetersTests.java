package io.github.socketserver.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.socketserver.AddressFamily;
import io.github.socketserver.SocketType;
import io.github.socketserver.connection.LayerException;
import io.github.socketserver.handler.Request;
import io.github.socketserver.listener.SocketServerListener.Rejection;
import io.github.socketserver.tls.TlsFailure;
import io.github.socketserver.tls.TlsSession;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SocketServerMeters}: what {@link SocketServerMetrics} registers is
 * what the documentation says, meter by meter, and the datagram counters say what
 * happened. The listener is driven directly here, for events no server produces yet; the
 * traffic itself is counted in {@link SocketServerMetricsTests}.
 */
class SocketServerMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final Request request = StubRequests.from(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40123));

	@Test
	void registersEveryDocumentedMeterAsDocumented() {
		SocketServerMetrics stream = new SocketServerMetrics(this.registry, "echo", AddressFamily.INET,
				SocketType.STREAM);
		new SocketServerMetrics(this.registry, "dgram", AddressFamily.UNIX, SocketType.DATAGRAM);
		stream.errorReported(this.request, new IllegalStateException());
		stream.childStarted(this.request, 42);
		stream.childExited(this.request, 42, 0, false);
		new SocketServerTlsMetrics(this.registry, "echo", AddressFamily.INET, SocketType.STREAM)
			.handshakeFailed(new LayerException("bad hello"), TlsFailure.NOT_TLS, 1_000);
		List<Meter> meters = this.registry.getMeters();
		assertThat(meters).extracting((meter) -> meter.getId().getName())
			.containsOnly(
					Arrays.stream(SocketServerMeters.values()).map(SocketServerMeters::getName).toArray(String[]::new));
		for (Meter meter : meters) {
			SocketServerMeters documented = documented(meter.getId().getName());
			assertThat(meter.getId().getType()).as("type of %s", meter.getId()).isEqualTo(documented.getType());
			assertThat(meter.getId().getDescription()).isEqualTo(documented.getDescription());
			if (documented.getType() != Meter.Type.TIMER) {
				assertThat(meter.getId().getBaseUnit()).as("unit of %s", meter.getId())
					.isEqualTo(documented.getBaseUnit());
			}
			assertThat(meter.getId().getTags()).extracting(Tag::getKey)
				.as("tag keys of %s", meter.getId())
				.containsExactlyInAnyOrder(
						Arrays.stream(documented.getKeyNames()).map(KeyName::asString).toArray(String[]::new));
		}
	}

	@Test
	void givesEveryMeterTheServersTagsAndEveryRejectionReasonACounterUpFront() {
		new SocketServerMetrics(this.registry, "echo", AddressFamily.INET6, SocketType.STREAM);
		Tags server = Tags.of("server.name", "echo", "family", "inet6", "type", "stream");
		assertThat(this.registry.getMeters())
			.allSatisfy((meter) -> assertThat(meter.getId().getTags()).containsAll(server));
		assertThat(this.registry.get(SocketServerMeters.REQUESTS_REJECTED.getName()).counters())
			.extracting((counter) -> counter.getId().getTag("reason"))
			.containsExactlyInAnyOrder("verify", "queue-full", "limit", "shutdown", "header", "frame")
			.hasSize(Rejection.values().length);
	}

	@Test
	void countsTheRequestsTheServingLoopFailedToTakeFromZero() {
		SocketServerMetrics metrics = new SocketServerMetrics(this.registry, "tcp", AddressFamily.INET,
				SocketType.STREAM);
		assertThat(this.registry.get("socketserver.accept.errors").counter().count()).isZero();
		metrics.acceptFailed(new IOException("Too many open files"));
		metrics.acceptFailed(new IOException("Too many open files"));
		assertThat(this.registry.get("socketserver.accept.errors").counter().count()).isEqualTo(2);
	}

	@Test
	void countsDroppedAndTruncatedDatagramsEachUnderItsOwnName() {
		SocketServerMetrics metrics = new SocketServerMetrics(this.registry, "dgram", AddressFamily.INET,
				SocketType.DATAGRAM);
		metrics.datagramDropped();
		metrics.datagramTruncated();
		metrics.datagramTruncated();
		metrics.datagramTruncated();
		assertThat(this.registry.get("socketserver.datagrams.dropped").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("socketserver.datagrams.truncated").counter().count()).isEqualTo(3);
	}

	@Test
	void givesAStreamServerNoDatagramCounters() {
		SocketServerMetrics metrics = new SocketServerMetrics(this.registry, "echo", AddressFamily.INET,
				SocketType.STREAM);
		metrics.datagramDropped();
		metrics.datagramTruncated();
		assertThat(this.registry.find(SocketServerMeters.DATAGRAMS_DROPPED.getName()).meters()).isEmpty();
		assertThat(this.registry.find(SocketServerMeters.DATAGRAMS_TRUNCATED.getName()).meters()).isEmpty();
	}

	@Test
	void timesTlsHandshakesByOutcomeAndProtocol() {
		SocketServerTlsMetrics tls = new SocketServerTlsMetrics(this.registry, "echo", AddressFamily.INET,
				SocketType.STREAM);
		TlsSession session = new TlsSession("TLSv1.3", "TLS_AES_128_GCM_SHA256", null, List.of(), null);
		tls.handshakeCompleted(session, 2_000_000);
		tls.handshakeCompleted(session, 4_000_000);
		tls.handshakeFailed(new LayerException("silent"), TlsFailure.TIMEOUT, 10_000_000);
		tls.handshakeFailed(new LayerException("untrusted"), TlsFailure.CERTIFICATE, 1_000_000);
		Timer succeeded = this.registry.get("socketserver.tls.handshakes")
			.tags("outcome", "success", "protocol", "TLSv1.3", "reason", "none")
			.timer();
		assertThat(succeeded.count()).isEqualTo(2);
		assertThat(succeeded.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
		assertThat(this.registry.get("socketserver.tls.handshakes")
			.tags("outcome", "timeout", "protocol", "none", "reason", "timeout")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("socketserver.tls.handshakes")
			.tags("outcome", "error", "protocol", "none", "reason", "certificate")
			.timer()
			.count()).isEqualTo(1);
	}

	private static SocketServerMeters documented(String name) {
		return Arrays.stream(SocketServerMeters.values())
			.filter((meter) -> meter.getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

}
