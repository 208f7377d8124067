package io.github.socketserver.sample;

import io.github.socketserver.test.MockDatagramRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The datagram handlers alone, without a socket or a Spring context: the datagram is
 * given, and the reply read back.
 */
class DatagramHandlersTests {

	@Test
	void echoesADatagram() throws Exception {
		MockDatagramRequest request = MockDatagramRequest.of("hello");
		new DatagramEchoHandler().handle(request);
		assertThat(request.outputAsString()).isEqualTo("hello");
	}

	@Test
	void countsSyslogMessagesPerServerAndAnswersNothing() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		SyslogHandler handler = new SyslogHandler(registry);
		MockDatagramRequest request = MockDatagramRequest.builder()
			.packet("<13>Nov 24 01:00:00 app: hello")
			.serverName("syslog-udp")
			.build();
		handler.handle(request);
		assertThat(handler.received()).isEqualTo(1);
		assertThat(registry.get("sample.syslog.messages").tag("server", "syslog-udp").counter().count()).isEqualTo(1);
		assertThat(request.replies()).isEmpty();
	}

}
