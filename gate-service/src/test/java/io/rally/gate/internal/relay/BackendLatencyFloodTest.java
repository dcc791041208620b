package io.rally.gate.internal.relay;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rally.gate.api.health.HealthScore;
import io.rally.gate.api.health.LatencyTracker;
import io.rally.gate.api.relay.Backend;
import io.rally.gate.internal.health.EwmaLatencyTracker;
import io.rally.gate.internal.metrics.LatencyGauges;
import io.rally.gate.support.TcpTestClient;
import io.rally.testsupport.PrometheusText;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transparent clients name their backends, so the latency the gate tracks per backend, and the
 * two gauges per backend it exports, must stay bounded whatever they name: a map entry and two
 * Prometheus series per name would let a client grow the heap and every scrape without end.
 */
class BackendLatencyFloodTest {

	private static final String LATENCY = "rally_gate_backend_latency_seconds";

	private static final String SCORE = "rally_gate_backend_score";

	@Test
	void aHundredThousandNamesLeaveTheTrackerAndTheScrapeBounded() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		EwmaLatencyTracker tracker = new EwmaLatencyTracker(0.3, HealthScore.DEFAULT, 256);
		TrackingLatencyListener listener = new TrackingLatencyListener(tracker, Duration.ofSeconds(2));
		LatencyGauges gauges = new LatencyGauges(registry, tracker, Duration.ofSeconds(1), 256);
		for (int i = 0; i < 100_000; i++) {
			Backend backend = new Backend("10." + ((i >>> 16) & 0xFF) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF),
					7000 + (i % 1000), null);
			if (i % 2 == 0) {
				// An allowed address where nothing answers: a dial that fails.
				listener.unreachable(backend, new ConnectException("Connection refused"));
			}
			else {
				listener.connected(backend, Duration.ofMillis(1 + (i % 50)));
			}
			if (i % 5000 == 0) {
				gauges.refresh();
				assertThat(tracker.size()).isLessThanOrEqualTo(256);
			}
		}
		gauges.refresh();

		assertThat(tracker.size()).isLessThanOrEqualTo(256);
		assertThat(tracker.latencies()).hasSizeLessThanOrEqualTo(256);
		assertThat(gauges.size()).isLessThanOrEqualTo(256);
		// Failed dials of backends never reached are not recorded at all.
		assertThat(tracker.latencies().keySet())
			.allSatisfy((id) -> assertThat(Integer.parseInt(id.substring(id.lastIndexOf('.') + 1, id.indexOf(':'))) % 2)
				.isOne());
		String scrape = registry.scrape();
		PrometheusText text = PrometheusText.parse(scrape);
		assertThat(text.count(LATENCY)).isBetween(1L, 256L);
		assertThat(text.count(SCORE)).isBetween(1L, 256L);
		// Two series of ~100 bytes per backend, and the HELP and TYPE lines.
		assertThat(scrape.length()).isLessThan(256 * 2 * 200 + 1000);
		registry.close();
	}

	@Test
	void backendsClientsNameOverRealSocketsStayWithinTheCap() throws Exception {
		List<TestBackend> live = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				live.add(TestBackend.echo());
			}
			List<Integer> dead = deadPorts(10);
			PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			RelayGates
				.gate("rally.gate.relay.allowed-backends=127.0.0.1:*", "rally.gate.relay.dial.retries=0",
						"rally.gate.latency.max-backends=4", "rally.gate.per-ip.connection-rate=0",
						"rally.gate.per-ip.max-connections=0")
				.withBean(PrometheusMeterRegistry.class, () -> registry)
				.run((context) -> {
					int port = RelayGates.tcpPort(context);
					for (TestBackend backend : live) {
						try (Socket client = RelayGates.open(port, backend.address())) {
							assertThat(RelayGates.read(client, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
						}
					}
					for (int deadPort : dead) {
						try (Socket client = RelayGates.open(port, "127.0.0.1:" + deadPort)) {
							assertThat(TcpTestClient.isClosedByPeer(client)).isTrue();
						}
					}
					assertThat(RelayGates.refused(context, "dial_failed")).isEqualTo(dead.size());
					LatencyTracker tracker = context.getBean(LatencyTracker.class);
					context.getBean(LatencyGauges.class).refresh();

					assertThat(tracker.latencies()).hasSizeLessThanOrEqualTo(4);
					assertThat(tracker.latencies().keySet())
						.noneMatch((id) -> dead.stream().anyMatch((p) -> id.equals("127.0.0.1:" + p)));
					PrometheusText text = PrometheusText.parse(registry.scrape());
					assertThat(text.count(LATENCY)).isBetween(1L, 4L);
					assertThat(text.count(SCORE)).isBetween(1L, 4L);
				});
		}
		finally {
			for (TestBackend backend : live) {
				backend.close();
			}
		}
	}

	/** Loopback ports nothing listens on: bound, then closed again. */
	private static List<Integer> deadPorts(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		List<Integer> ports = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
			sockets.add(socket);
			ports.add(socket.getLocalPort());
		}
		for (ServerSocket socket : sockets) {
			socket.close();
		}
		return ports;
	}

}
