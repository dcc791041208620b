package io.rally.standalone;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.cluster.InstanceState;
import io.rally.examples.basics.EchoController;
import io.rally.node.api.NodeControl;
import io.rally.protocol.Packet;
import io.rally.testsupport.ActuatorHttp;
import io.rally.testsupport.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The actuator over real HTTP while real clients use the gate: the Prometheus text carries the
 * meters docs/metrics.md documents, and the readiness probe follows the node's drain while the
 * liveness probe does not.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "rally.gate.tcp.port=0", "rally.gate.ws.port=0" })
@AutoConfigureMetrics
class MetricsAndHealthTests {


	@Autowired
	ApplicationContext context;

	@Autowired
	NodeControl node;

	GateClients clients;

	@BeforeEach
	void openClients() {
		this.clients = new GateClients(this.context);
	}

	@AfterEach
	void closeClients() {
		this.clients.close();
	}

	@Test
	void prometheusTextCarriesTheTrafficOfRealClients() throws Exception {
		RallyClient tcp = this.clients.connect(ClientTransport.TCP, true);
		RallyClient ws = this.clients.connect(ClientTransport.WEBSOCKET);
		// one at a time on TCP: each of these is timed; all at once on WebSocket, where the gate
		// may time only some (see DispatchClock)
		for (int i = 0; i < 20; i++) {
			tcp.request(EchoController.ECHO, GateClients.utf8("{\"n\":" + i + "}")).orTimeout(10, TimeUnit.SECONDS).join();
		}
		List<CompletableFuture<Packet>> replies = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			replies.add(ws.request(EchoController.ECHO, GateClients.utf8("{\"n\":" + i + "}")));
		}
		replies.forEach((reply) -> reply.orTimeout(10, TimeUnit.SECONDS).join());
		assertThatThrownBy(() -> tcp.request(999, new byte[0]).orTimeout(10, TimeUnit.SECONDS).join())
			.isInstanceOf(CompletionException.class);
		try (Socket garbage = RawConnections.tcp(this.clients.port("tcp"))) {
			// a packet whose size leaves no room for its route
			RawConnections.write(garbage, new byte[] { 0, 0, 0, 2, 0, 1 });
			RawConnections.awaitClosedByPeer(garbage);
		}

		await().untilAsserted(() -> {
			PrometheusText metrics = PrometheusText.parse(get("/actuator/prometheus").body());
			assertThat(metrics.value("rally_gate_connections", Map.of("transport", "tcp"))).isGreaterThanOrEqualTo(1);
			assertThat(metrics.value("rally_gate_connections", Map.of("transport", "ws"))).isGreaterThanOrEqualTo(1);
			assertThat(metrics.value("rally_gate_connections_opened_total", Map.of("transport", "tcp")))
				.isGreaterThanOrEqualTo(2);
			assertThat(metrics.value("rally_gate_connections_closed_total",
					Map.of("transport", "tcp", "reason", "protocol_error")))
				.isGreaterThanOrEqualTo(1);
			assertThat(metrics.value("rally_gate_decode_errors_total", Map.of("reason", "truncated")))
				.isGreaterThanOrEqualTo(1);
			assertThat(metrics.value("rally_gate_messages_dropped_total", Map.of("reason", "unknown_route")))
				.isGreaterThanOrEqualTo(1);
			assertThat(metrics.value("rally_gate_messages_received_total", Map.of())).isGreaterThanOrEqualTo(41);
			assertThat(metrics.value("rally_gate_messages_sent_total", Map.of())).isGreaterThanOrEqualTo(40);
			assertThat(metrics.value("rally_gate_bytes_received_total", Map.of())).isGreaterThanOrEqualTo(40 * 7);
			assertThat(metrics.value("rally_gate_bytes_sent_total", Map.of())).isGreaterThanOrEqualTo(40 * 7);
			assertThat(metrics.value("rally_gate_dispatch_seconds_count", Map.of())).isBetween(20.0, 40.0);
			assertThat(metrics.value("rally_gate_dispatch_seconds_bucket", Map.of("le", "+Inf")))
				.isGreaterThanOrEqualTo(20);
			assertThat(metrics.count("rally_gate_dispatch_seconds_bucket")).isGreaterThan(10);
			assertThat(metrics.value("rally_node_handler_duration_seconds_count",
					Map.of("route", Integer.toString(EchoController.ECHO))))
				.isGreaterThanOrEqualTo(40);
			assertThat(metrics.value("rally_gate_outbound_queued", Map.of())).isGreaterThanOrEqualTo(0);
			assertThat(metrics.value("rally_gate_outbound_pending_bytes", Map.of())).isGreaterThanOrEqualTo(0);
			assertThat(metrics.value("netty_allocator_memory_used", Map.of("memory_type", "direct")))
				.isGreaterThanOrEqualTo(0);
			assertThat(metrics.count("jvm_memory_used_bytes")).isPositive();
			assertThat(metrics.value("rally_node_state", Map.of())).isZero();
		});
	}

	@Test
	void readinessIsDownWhileTheNodeDrainsAndLivenessStaysUp() throws Exception {
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(PrometheusText.parse(get("/actuator/prometheus").body()).value("rally_node_state", Map.of()))
			.isEqualTo(InstanceState.WORK.ordinal());
		this.node.setState(InstanceState.HANG);
		try {
			assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
			assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
			assertThat(PrometheusText.parse(get("/actuator/prometheus").body()).value("rally_node_state", Map.of()))
				.isEqualTo(InstanceState.HANG.ordinal());
		}
		finally {
			this.node.setState(InstanceState.WORK);
		}
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	private ActuatorHttp.Response get(String path) {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		return ActuatorHttp.get(port, path);
	}

}
