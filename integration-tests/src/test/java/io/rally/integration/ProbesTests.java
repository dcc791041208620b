package io.rally.integration;

import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.rally.client.RallyClient;
import io.rally.cluster.InstanceState;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.integration.node.NodeProbeController;
import io.rally.integration.node.StartHold;
import io.rally.node.api.NodeControl;
import io.rally.testsupport.ActuatorHttp;
import io.rally.testsupport.PrometheusText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static io.rally.integration.RallyCluster.JSON;
import static io.rally.integration.RallyCluster.servedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster-mode node's health probes over HTTP, as Kubernetes and docker-compose see them:
 * not ready before the registry has taken the node, not ready while it drains, alive
 * throughout the drain, and scrapable while it drains.
 */
class ProbesTests {

	static final String GATE = "gate-probes";

	static RallyCluster cluster;


	@BeforeAll
	static void startCluster() {
		cluster = new RallyCluster("probes", DispatchStrategy.ROUND_ROBIN);
		cluster.startWebGate(GATE);
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@AfterEach
	void stopNodes() {
		cluster.closeClients();
		for (String nodeId : cluster.nodeIds()) {
			cluster.stopNode(nodeId);
		}
	}

	@Test
	void readinessIsDownUntilTheRegistryHasTakenTheNode() throws Exception {
		StartHold.Hold hold = StartHold.arm();
		CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture
			.supplyAsync(() -> cluster.startWebNode("node-late", "--rally.test.hold-start=true"));
		int port;
		try {
			assertThat(hold.awaitEntered(60, TimeUnit.SECONDS)).isTrue();
			port = hold.httpPort();
			ActuatorHttp.Response readiness = get(port, "/actuator/health/readiness");
			assertThat(readiness.statusCode()).isEqualTo(503);
			assertThat(component(readiness, "rallyRegistry").get("status").asString()).isEqualTo("DOWN");
		}
		finally {
			hold.release();
		}
		starting.get(60, TimeUnit.SECONDS);

		ActuatorHttp.Response readiness = get(port, "/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		JsonNode registry = component(readiness, "rallyRegistry");
		assertThat(registry.get("status").asString()).isEqualTo("UP");
		assertThat(registry.at("/details/registered").toString()).contains("node-late");
	}

	@Test
	void drainingNodeIsNotReadyButStaysAliveAndScrapable() throws Exception {
		ConfigurableApplicationContext node = cluster.startWebNode("node-drain", "--rally.node.drain-timeout=19s");
		cluster.awaitFormed();
		int port = ((WebServerApplicationContext) node).getWebServer().getPort();
		assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(scrape(port).value("rally_node_state", Map.of())).isEqualTo(InstanceState.WORK.ordinal());

		// an operator's drain, through NodeControl
		node.getBean(NodeControl.class).setState(InstanceState.HANG);
		assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(503);
		assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
		node.getBean(NodeControl.class).setState(InstanceState.WORK);
		assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
		cluster.awaitSeen("node-drain", InstanceState.WORK);

		// a rolling update's drain: the node stops, and waits for the user bound to it
		RallyClient bound = cluster.login(GATE, 901);
		assertThat(servedBy(bound, NodeProbeController.BIND_HERE)).isEqualTo("node-drain");
		CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> cluster.stopNode("node-drain"));
		await().atMost(Duration.ofSeconds(18))
			.until(() -> scrape(port).value("rally_node_state", Map.of()) == InstanceState.HANG.ordinal());
		assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(503);
		assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(scrape(port).value("rally_node_bound_users", Map.of())).isEqualTo(1);
		assertThat(stopped).isNotDone();

		bound.close();
		stopped.get(30, TimeUnit.SECONDS);
	}

	@Test
	void gateIsScrapableAfterRealTraffic() throws Exception {
		cluster.startNode("node-traffic");
		cluster.awaitFormed();
		cluster.login(GATE, 951);
		try (Socket garbage = new Socket("127.0.0.1", cluster.port(GATE))) {
			// size 2, then a body too short for a packet header: a truncated packet
			garbage.getOutputStream().write(new byte[] { 0, 0, 0, 2, 0, 1 });
			garbage.setSoTimeout(10_000);
			assertThat(garbage.getInputStream().read()).isEqualTo(-1);
		}
		int port = ((WebServerApplicationContext) cluster.gate(GATE)).getWebServer().getPort();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			PrometheusText metrics = scrape(port);
			assertThat(metrics.value("rally_gate_connections", Map.of("transport", "tcp"))).isGreaterThanOrEqualTo(1);
			assertThat(metrics.value("rally_gate_messages_received_total", Map.of())).isGreaterThanOrEqualTo(1);
			assertThat(metrics.count("rally_gate_dispatch_seconds_bucket")).isGreaterThan(0);
			assertThat(metrics.value("rally_gate_dispatch_seconds_count", Map.of())).isGreaterThanOrEqualTo(1);
			assertThat(metrics.value("rally_gate_decode_errors_total", Map.of("reason", "truncated"))).isEqualTo(1);
			assertThat(metrics.value("rally_cluster_grpc_link_up", Map.of("remote", "node"))).isGreaterThanOrEqualTo(1);
		});
		assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	private static JsonNode component(ActuatorHttp.Response health, String name) {
		return JSON.readTree(health.body()).at("/components/" + name);
	}

	private static PrometheusText scrape(int port) {
		return PrometheusText.parse(get(port, "/actuator/prometheus").body());
	}

	private static ActuatorHttp.Response get(int port, String path) {
		return ActuatorHttp.get(port, path);
	}

}
