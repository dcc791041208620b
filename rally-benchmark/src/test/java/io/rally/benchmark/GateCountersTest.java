package io.rally.benchmark;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GateCountersTest {

	private static final String BEFORE = """
			# HELP rally_gate_connections_closed_total Connections closed, by reason
			# TYPE rally_gate_connections_closed_total counter
			rally_gate_connections_closed_total{reason="normal",transport="tcp"} 4.0
			rally_gate_connections{transport="tcp"} 60.0
			rally_gate_messages_received_total 1000.0
			rally_node_messages_rejected_total 0.0
			jvm_threads_live_threads 40.0
			""";

	private static final String AFTER = """
			rally_gate_connections_closed_total{reason="normal",transport="tcp"} 4.0
			rally_gate_connections_closed_total{reason="max_connections",transport="kcp"} 1500.0
			rally_gate_connections{transport="tcp"} 1060.0
			rally_gate_connections{transport="kcp"} 5000.0
			rally_gate_messages_received_total 90000.0
			rally_node_messages_rejected_total 12.0
			""";

	@Test
	void keepsReasonsRejectionsAndOpenConnectionsOnly() {
		assertThat(GateCounters.parse(BEFORE).samples()).containsOnlyKeys(
				"rally_gate_connections_closed_total{reason=\"normal\",transport=\"tcp\"}",
				"rally_gate_connections{transport=\"tcp\"}", "rally_node_messages_rejected_total");
	}

	@Test
	void countersBecomeIncreasesAndGaugesStayAsTheyAre() {
		GateCounters since = GateCounters.parse(AFTER).since(GateCounters.parse(BEFORE));
		assertThat(since.samples()).containsExactlyInAnyOrderEntriesOf(Map.of(
				"rally_gate_connections_closed_total{reason=\"normal\",transport=\"tcp\"}", 0.0,
				"rally_gate_connections_closed_total{reason=\"max_connections\",transport=\"kcp\"}", 1500.0,
				"rally_gate_connections{transport=\"tcp\"}", 1060.0, "rally_gate_connections{transport=\"kcp\"}",
				5000.0, "rally_node_messages_rejected_total", 12.0));
		assertThat(since.text("  ")).contains("  rally_gate_connections{transport=\"kcp\"} 5,000\n")
			.contains("max_connections").doesNotContain("normal");
		assertThat(new GateCounters(Map.of()).text("  ")).isEqualTo("  (nothing counted)\n");
	}

}
