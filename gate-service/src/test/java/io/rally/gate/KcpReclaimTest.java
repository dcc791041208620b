package io.rally.gate;

import java.time.Duration;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rally.gate.api.GateServer;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.Meters;
import io.rally.gate.support.RawKcp;
import io.rally.gate.support.TestNode;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * KCP conversations the gate takes back without heartbeats: one that goes silent (dead
 * timeout), one whose peer never acknowledges (dead link), and the connection limit applied
 * to new conversations once their peers are verified. Heartbeats are off here, so only the KCP
 * rules close anything.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-kcp-reclaim", "rally.gate.tcp.enabled=false", "rally.gate.ws.enabled=false",
				"rally.gate.kcp.enabled=true", "rally.gate.kcp.host=127.0.0.1", "rally.gate.kcp.port=0",
				"rally.gate.heartbeat.interval=0", "rally.gate.kcp.dead-timeout=700ms", "rally.gate.kcp.dead-link=3",
				"rally.gate.max-connections=2" })
class KcpReclaimTest {

	/**
	 * The data of a conversation's first push: half a size field, so the gate waits for the
	 * rest and answers nothing. (KCP sends no empty pushes, and the gate refuses them.)
	 */
	private static final byte[] OPENER = { 0, 0 };

	@Autowired
	ApplicationContext context;

	@Autowired
	GateMetrics metrics;

	@Test
	void reclaimsAConversationThatReceivesNothingForTheDeadTimeout() throws Exception {
		awaitNoConversations();
		double before = closed("kcp_idle");
		try (RawKcp raw = new RawKcp(kcpPort())) {
			raw.send(RawKcp.segment(0x1d1e, RawKcp.PUSH, 0, 0, OPENER));
			raw.acknowledgeProbe();
			await().until(() -> open() == 1);
			await().atMost(Duration.ofSeconds(10)).until(() -> closed("kcp_idle") == before + 1);
			assertThat(open()).isZero();
		}
	}

	@Test
	void closesAConversationWhosePeerNeverAcknowledges() throws Exception {
		awaitNoConversations();
		double before = closed("kcp_dead_link");
		int conv = 0xdead;
		try (RawKcp raw = new RawKcp(kcpPort())) {
			raw.send(RawKcp.segment(conv, RawKcp.PUSH, 0, 0, packet(TestNode.ECHO, 1, "answer me")));
			raw.acknowledgeProbe();
			// The peer stays alive (window probes count as input) but acknowledges nothing, so the
			// echo is retransmitted until the dead-link limit.
			await().atMost(Duration.ofSeconds(15)).until(() -> {
				raw.send(RawKcp.segment(conv, RawKcp.WINDOW_PROBE, 0, 0, new byte[0]));
				raw.receive(50);
				return closed("kcp_dead_link") == before + 1;
			});
		}
	}

	@Test
	void newConversationsCountAgainstTheGatesConnectionLimit() throws Exception {
		awaitNoConversations();
		double rejected = Meters.count(this.metrics.registry(), GateMetrics.CONNECTIONS_CLOSED, "transport", "kcp",
				"reason", "max_connections");
		try (RawKcp first = new RawKcp(kcpPort()); RawKcp second = new RawKcp(kcpPort());
				RawKcp third = new RawKcp(kcpPort())) {
			first.send(RawKcp.segment(1, RawKcp.PUSH, 0, 0, OPENER));
			first.acknowledgeProbe();
			second.send(RawKcp.segment(2, RawKcp.PUSH, 0, 0, OPENER));
			second.acknowledgeProbe();
			await().until(() -> open() == 2);
			// Unproven, it waits apart from the connections; proven, it finds the limit reached.
			third.send(RawKcp.segment(3, RawKcp.PUSH, 0, 0, OPENER));
			third.acknowledgeProbe();
			await().until(() -> Meters.count(this.metrics.registry(), GateMetrics.CONNECTIONS_CLOSED, "transport",
					"kcp", "reason", "max_connections") == rejected + 1);
			assertThat(open()).isLessThanOrEqualTo(2);
		}
	}

	private void awaitNoConversations() {
		await().atMost(Duration.ofSeconds(10)).until(() -> open() == 0);
	}

	private double open() {
		return Meters.gauge(this.metrics.registry(), GateMetrics.CONNECTIONS, "transport", "kcp");
	}

	private double closed(String reason) {
		return Meters.count(this.metrics.registry(), GateMetrics.CONNECTIONS_CLOSED, "transport", "kcp", "reason",
				reason);
	}

	private static byte[] packet(int route, int seq, String payload) {
		PacketCodec codec = new PacketCodec(ProtocolSettings.defaults());
		ByteBuf encoded = Unpooled.buffer();
		try {
			codec.encode(new Packet(route, seq, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)), encoded);
			return ByteBufUtil.getBytes(encoded);
		}
		finally {
			encoded.release();
		}
	}

	private int kcpPort() {
		return this.context.getBeansOfType(GateServer.class).values().iterator().next().port();
	}

}
