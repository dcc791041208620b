package io.rally.gate;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import io.rally.gate.support.WsTestClient;
import io.rally.protocol.Heartbeat;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TICK mechanism with a short interval: the gate sends timed heartbeats on its own, and
 * closes a connection that sent nothing for two intervals.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-tick", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.host=127.0.0.1", "rally.gate.ws.port=0", "rally.gate.heartbeat.interval=200ms",
				"rally.gate.heartbeat.mechanism=tick", "rally.gate.heartbeat.with-time=true" })
class TickHeartbeatTest {

	@Autowired
	GateMetrics metrics;

	@Autowired
	ApplicationContext context;

	private int port(String transport) {
		return GateServers.port(this.context, transport);
	}

	@Test
	void gateSendsTimedHeartbeatsWithoutBeingAsked() throws Exception {
		long before = System.currentTimeMillis();
		try (TcpTestClient client = TcpTestClient.connect(port("tcp"))) {
			Heartbeat heartbeat = client.readHeartbeat();
			assertThat(heartbeat.hasTime()).isTrue();
			// Milliseconds since the epoch, the default unit: not nanoseconds, not seconds.
			assertThat(heartbeat.time()).isBetween(before - 60_000, before + 60_000);
		}
	}

	@Test
	void gateTicksOverWebSocketAfterTheHandshake() throws Exception {
		try (WsTestClient client = WsTestClient.connect(port("ws"))) {
			assertThat(client.read()).isInstanceOf(Heartbeat.class);
		}
	}

	@Test
	void silentConnectionIsClosedWhileAnActiveOneStays() throws Exception {
		MeterRegistry meters = this.metrics.registry();
		double before = Meters.count(meters, GateMetrics.CONNECTIONS_CLOSED, "reason", "heartbeat_timeout");
		try (TcpTestClient silent = TcpTestClient.connect(port("tcp"));
				TcpTestClient active = TcpTestClient.connect(port("tcp"))) {
			active.setReadTimeout(100);
			silent.setReadTimeout(50);
			await().pollInterval(Duration.ofMillis(50)).until(() -> {
				// The active client keeps talking; any packet is a sign of life.
				active.send(Heartbeat.plain());
				return silentIsClosed(silent);
			});
			active.setReadTimeout(5000);
			Packet reply = active.request(TestNode.ECHO, 1, "alive");
			assertThat(reply.seq()).isEqualTo(1);
		}
		await().until(() -> Meters.count(meters, GateMetrics.CONNECTIONS_CLOSED, "reason",
				"heartbeat_timeout") == before + 1);
	}

	private static boolean silentIsClosed(TcpTestClient silent) {
		try {
			while (true) {
				silent.read();
			}
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

}
