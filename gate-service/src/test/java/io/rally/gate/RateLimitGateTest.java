package io.rally.gate;

import java.nio.charset.StandardCharsets;

import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import io.rally.protocol.Packet;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that pipelines faster than its rate limit, over a real socket: the gate reads it
 * more slowly, and every request is answered, in order.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0", "rally.gate.ws.enabled=false",
				"rally.gate.limits.rate.messages-per-second=40", "rally.gate.limits.rate.message-burst=5" })
class RateLimitGateTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	GateMetrics metrics;

	@Test
	void aClientOverItsRateIsSlowedDownAndLosesNothing() throws Exception {
		try (TcpTestClient client = TcpTestClient.connect(GateServers.port(this.context, "tcp"))) {
			client.setReadTimeout(30_000);
			for (int seq = 1; seq <= 30; seq++) {
				client.send(new Packet(TestNode.ECHO, seq, Integer.toString(seq).getBytes(StandardCharsets.UTF_8)));
			}
			for (int seq = 1; seq <= 30; seq++) {
				Packet reply = client.readPacket();
				assertThat(reply.seq()).isEqualTo(seq);
				assertThat(text(reply)).isEqualTo(Integer.toString(seq));
			}
		}
		MeterRegistry meters = this.metrics.registry();
		assertThat(Meters.count(meters, GateMetrics.RATE_LIMITED, "limit", "messages", "action", "slow"))
			.isGreaterThanOrEqualTo(1);
		assertThat(Meters.count(meters, GateMetrics.READS_PAUSED, "reason", GateMetrics.PAUSE_RATE_LIMITED))
			.isGreaterThanOrEqualTo(1);
		assertThat(Meters.count(meters, GateMetrics.MESSAGES_DROPPED)).isZero();
	}

}
