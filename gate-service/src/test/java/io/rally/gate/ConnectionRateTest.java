package io.rally.gate;

import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gate that lets one client address open three connections at once and then one every
 * 1000 s: slow enough that no token comes back while the test runs.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-rate", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.enabled=false", "rally.gate.per-ip.max-connections=0",
				"rally.gate.per-ip.connection-rate=0.001", "rally.gate.per-ip.connection-burst=3" })
class ConnectionRateTest {

	@Autowired
	GateMetrics metrics;

	@Autowired
	ApplicationContext context;

	@Test
	void refusesNewConnectionsFromAnAddressPastItsBurst() throws Exception {
		int port = GateServers.port(this.context, "tcp");
		double before = closed();
		// Opened and closed one after the other: the rate counts new connections, not open ones.
		for (int i = 0; i < 3; i++) {
			try (TcpTestClient client = TcpTestClient.connectFrom("127.0.0.6", port)) {
				assertThat(text(client.request(TestNode.ECHO, 1, "burst " + i))).isEqualTo("burst " + i);
			}
		}
		try (TcpTestClient fourth = TcpTestClient.connectFrom("127.0.0.6", port)) {
			assertThat(fourth.isClosedByPeer()).isTrue();
		}
		assertThat(closed()).isEqualTo(before + 1);
		// Another address has a bucket of its own.
		try (TcpTestClient other = TcpTestClient.connectFrom("127.0.0.7", port)) {
			assertThat(text(other.request(TestNode.ECHO, 1, "other"))).isEqualTo("other");
		}
	}

	private double closed() {
		return Meters.count(this.metrics.registry(), GateMetrics.CONNECTIONS_CLOSED, "reason", "connection_rate");
	}

}
