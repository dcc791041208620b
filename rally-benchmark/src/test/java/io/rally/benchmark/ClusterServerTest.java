package io.rally.benchmark;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.rally.benchmark.BenchmarkOptions.Transport;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterServerTest {

	private static final ClusterPorts PORTS = new ClusterPorts(6001, 6002, 6003, 6004, 6005, 6006, 6007);

	private static final String ZK = "127.0.0.1:2199";

	@Test
	void gateListensOnThePickedClusterPortsAndFindsTheClusterOnLoopback() {
		BenchmarkOptions options = BenchmarkOptions.parse("--connections", "8000", "--ws-path", "/game");
		assertThat(ClusterServer.gateProperties(options, ZK, PORTS)).contains("rally.gate.tcp.port=6002",
				"rally.gate.ws.port=6003", "rally.gate.tcp.host=127.0.0.1", "rally.gate.ws.path=/game",
				"rally.gate.max-connections=8000", "rally.node.enabled=false", "spring.application.name=rally-gate",
				"rally.mode=cluster", "rally.cluster.registry=zookeeper",
				"spring.cloud.zookeeper.connect-string=127.0.0.1:2199", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=6001", "rally.cluster.grpc.port=6004",
				"rally.cluster.grpc.advertised-host=127.0.0.1", "logging.level.root=WARN")
			.doesNotContain("rally.gate.tcp.port=0", "rally.gate.enabled=false")
			.noneMatch((property) -> property.startsWith("rally.gate.kcp."));
	}

	@Test
	void abusedGateOpensItsKcpPortAndShowsItsMetricsOnAKnownPort() {
		BenchmarkOptions options = BenchmarkOptions.parse("--target", "abuse", "--abuse-cluster");
		assertThat(ClusterServer.gateProperties(options, ZK, PORTS)).contains("rally.gate.kcp.enabled=true",
				"rally.gate.kcp.port=6006", "server.port=6007",
				"management.endpoints.web.exposure.include=health,prometheus");
		assertThat(PORTS.gate(Transport.KCP)).isEqualTo(6006);
	}

	@Test
	void nodeRunsNoGateAndHasItsOwnGrpcPort() {
		List<String> node = ClusterServer.nodeProperties(BenchmarkOptions.parse(), ZK, PORTS);
		assertThat(node).contains("rally.gate.enabled=false", "spring.application.name=rally-node",
				"rally.mode=cluster", "rally.cluster.registry=zookeeper",
				"spring.cloud.zookeeper.connect-string=127.0.0.1:2199", "spring.data.redis.port=6001",
				"spring.main.keep-alive=true",
				"rally.cluster.grpc.port=6005", "rally.cluster.grpc.advertised-host=127.0.0.1",
				"logging.level.root=WARN");
		assertThat(node).noneMatch((property) -> property.startsWith("rally.gate.tcp"));
	}

	@Test
	void userPropertiesReachBothJvmsAndComeLast() {
		BenchmarkOptions options = BenchmarkOptions.parse("--rally-property", "rally.cluster.grpc.max-batch-size=64",
				"--rally-property", "logging.level.root=INFO");
		for (List<String> properties : List.of(ClusterServer.gateProperties(options, ZK, PORTS),
				ClusterServer.nodeProperties(options, ZK, PORTS))) {
			assertThat(properties).endsWith("rally.cluster.grpc.max-batch-size=64", "logging.level.root=INFO")
				.doesNotContain("logging.level.root=WARN");
		}
	}

	@Test
	void freeClusterPortsAreDistinctAndTheGateOfTheTransportIsMeasured() {
		ClusterPorts ports = ClusterPorts.free();
		assertThat(Set.of(ports.redis(), ports.gateTcp(), ports.gateWs(), ports.gateGrpc(), ports.nodeGrpc(),
				ports.gateKcp(), ports.gateHttp()))
			.hasSize(7)
			.allMatch((port) -> port > 0);
		assertThat(PORTS.gate(Transport.TCP)).isEqualTo(6002);
		assertThat(PORTS.gate(Transport.WS)).isEqualTo(6003);
	}

}
