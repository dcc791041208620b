package io.rally.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RallyServerTest {

	@Test
	void gateGetsFreeLoopbackPortsAndLimitsThatFitTheLoad() {
		BenchmarkOptions options = BenchmarkOptions.parse("--connections", "8000", "--payload", "9000", "--ws-path",
				"/game");
		assertThat(RallyServer.properties(options)).contains("rally.gate.tcp.port=0", "rally.gate.ws.port=0",
				"rally.gate.tcp.host=127.0.0.1", "rally.gate.ws.path=/game", "rally.gate.max-connections=8000",
				"rally.gate.protocol.max-payload=9000B");
	}

	@Test
	void kcpGateRunsOnlyWhenKcpIsMeasuredOrFlooded() {
		assertThat(RallyServer.properties(BenchmarkOptions.parse("--transport", "kcp"))).contains(
				"rally.gate.kcp.enabled=true", "rally.gate.kcp.port=0", "rally.gate.kcp.host=127.0.0.1");
		assertThat(RallyServer.properties(BenchmarkOptions.parse("--transport", "tcp")))
			.noneMatch((property) -> property.startsWith("rally.gate.kcp."));
		assertThat(RallyServer.properties(BenchmarkOptions.parse("--target", "abuse")))
			.contains("rally.gate.kcp.enabled=true", "rally.gate.kcp.port=0");
	}

	@Test
	void userPropertyReplacesTheSameKey() {
		BenchmarkOptions options = BenchmarkOptions.parse("--rally-property", "rally.gate.max-connections=7",
				"--rally-property", "rally.gate.worker-threads=1");
		assertThat(RallyServer.properties(options)).filteredOn((property) -> property.startsWith("rally.gate.max-"))
			.containsExactly("rally.gate.max-connections=7");
		assertThat(RallyServer.properties(options)).endsWith("rally.gate.max-connections=7",
				"rally.gate.worker-threads=1");
		assertThat(RallyServer.properties(options)).contains("rally.gate.protocol.max-payload=5000B");
	}

}
