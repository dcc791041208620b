package io.rally.gate;

import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import io.rally.gate.support.WsTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gate that holds two connections across its transports.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-limit", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.host=127.0.0.1", "rally.gate.ws.port=0", "rally.gate.max-connections=2" })
class MaxConnectionsTest {

	@Autowired
	GateMetrics metrics;

	@Autowired
	ApplicationContext context;

	private int port(String transport) {
		return GateServers.port(this.context, transport);
	}

	@Test
	void closesConnectionsBeyondTheLimitAcrossTransports() throws Exception {
		double before = rejected();
		try (TcpTestClient first = TcpTestClient.connect(port("tcp"));
				WsTestClient second = WsTestClient.connect(port("ws"))) {
			assertThat(text(first.request(TestNode.ECHO, 1, "one"))).isEqualTo("one");
			assertThat(text(second.request(TestNode.ECHO, 1, "two"))).isEqualTo("two");
			try (TcpTestClient third = TcpTestClient.connect(port("tcp"))) {
				assertThat(third.isClosedByPeer()).isTrue();
			}
			assertThat(rejected()).isEqualTo(before + 1);
			assertThat(Meters.gauge(this.metrics.registry(), GateMetrics.CONNECTIONS, "transport", "tcp")).isEqualTo(1);
			assertThat(Meters.gauge(this.metrics.registry(), GateMetrics.CONNECTIONS, "transport", "ws")).isEqualTo(1);
			assertThat(text(first.request(TestNode.ECHO, 2, "still one"))).isEqualTo("still one");
		}
		// Closed connections free their slots.
		await().untilAsserted(() -> {
			try (TcpTestClient again = TcpTestClient.connect(port("tcp"))) {
				assertThat(text(again.request(TestNode.ECHO, 3, "again"))).isEqualTo("again");
			}
		});
	}

	private double rejected() {
		return Meters.count(this.metrics.registry(), GateMetrics.CONNECTIONS_CLOSED, "reason", "max_connections");
	}

}
