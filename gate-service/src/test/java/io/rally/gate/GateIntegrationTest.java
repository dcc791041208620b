package io.rally.gate;

import io.micrometer.core.instrument.MeterRegistry;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.session.SessionManager;
import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TestNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * Base of the tests that share the main gate context: both transports on port 0, a 5 s
 * heartbeat, a 64 KB outbound limit. Subclasses add no context configuration, so one
 * context serves them all.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-main", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.host=127.0.0.1", "rally.gate.ws.port=0", "rally.gate.heartbeat.interval=5s",
				"rally.gate.outbound.max-pending=64KB" })
abstract class GateIntegrationTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	SessionManager sessions;

	@Autowired
	GateMetrics metrics;

	@Autowired
	TestNode node;

	int port(String transport) {
		return GateServers.port(this.context, transport);
	}

	int tcpPort() {
		return port("tcp");
	}

	int wsPort() {
		return port("ws");
	}

	MeterRegistry meters() {
		return this.metrics.registry();
	}

	double count(String name, String... tags) {
		return Meters.count(meters(), name, tags);
	}

}
