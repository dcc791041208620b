package io.rally.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.cluster.SessionEvent;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.GoKcpPeer;
import io.rally.gate.support.Meters;
import io.rally.gate.support.RawKcp;
import io.rally.gate.support.TestNode;
import io.rally.protocol.Packet;
import io.rally.protocol.ProtocolSettings;
import io.rally.protocol.codec.PacketCodec;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.rally.gate.KcpGateTest.bytes;
import static io.rally.gate.KcpGateTest.join;
import static io.rally.gate.KcpGateTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * KCP conversations from source addresses that have not proven they receive: real UDP from
 * several loopback addresses, each standing for a forged source (it never answers) or a real
 * client. The gate answers them with no more bytes than they sent, keeps them apart from its
 * connections and from the nodes, caps them, and lets them expire. One gate per test.
 */
class KcpUnverifiedTest {

	private static final byte[] HEARTBEAT = { 0, 0, 0, 1, (byte) 0x80 };

	@Test
	void aForgedHeartbeatIsAnsweredWithNoMoreBytesThanItCarried() {
		gate("rally.gate.kcp.handshake-timeout=500ms").run((context) -> {
			try (RawKcp victim = new RawKcp("127.0.0.2", kcpPort(context))) {
				victim.send(RawKcp.segment(0x29, RawKcp.PUSH, 0, 0, HEARTBEAT));
				await().until(() -> unverified(context, "expired") == 1);
				List<byte[]> answers = drain(victim);
				assertThat(answers).hasSize(1);
				assertThat(totalBytes(answers)).isLessThanOrEqualTo(victim.sentBytes());
				assertThat(RawKcp.Header.of(answers.get(0)).isProbe()).isTrue();
			}
		});
	}

	@Test
	void anAddressThatNeverAnswersGetsOneRetransmissionAtMost() {
		gate("rally.gate.kcp.handshake-timeout=1s").run((context) -> {
			try (RawKcp victim = new RawKcp("127.0.0.3", kcpPort(context))) {
				// Plenty of bytes to answer, as a retransmitting client would send.
				for (int sn = 0; sn < 10; sn++) {
					victim.send(RawKcp.segment(0x3a, RawKcp.PUSH, sn, 0, new byte[500]));
				}
				await().until(() -> unverified(context, "expired") == 1);
				List<byte[]> answers = drain(victim);
				assertThat(answers).hasSizeBetween(1, 2);
				assertThat(totalBytes(answers)).isLessThanOrEqualTo(victim.sentBytes());
				RawKcp.Header probe = RawKcp.Header.of(answers.get(0));
				assertThat(answers).extracting(RawKcp.Header::of).allSatisfy((answer) -> {
					assertThat(answer.isProbe()).isTrue();
					assertThat(answer.sn()).isEqualTo(probe.sn());
					assertThat(answer.ts()).isEqualTo(probe.ts());
				});
				assertThat(connections(context, GateMetrics.CONNECTIONS_OPENED)).isZero();
			}
		});
	}

	@Test
	void aFloodOfUnverifiedConversationsTakesNoConnectionSlotAndAnnouncesNothing() {
		gate("rally.gate.max-connections=2", "rally.gate.kcp.handshake-timeout=1m", "rally.gate.kcp.max-unverified=64",
				"rally.gate.kcp.max-unverified-per-source=4")
			.run((context) -> {
				List<RawKcp> flood = new ArrayList<>();
				try {
					// 32 conversations from 16 addresses against a limit of 2 connections.
					for (int host = 10; host < 26; host++) {
						RawKcp source = new RawKcp("127.0.0." + host, kcpPort(context));
						flood.add(source);
						source.send(RawKcp.segment(host, RawKcp.PUSH, 0, 0, HEARTBEAT));
						source.send(RawKcp.segment(host + 1000, RawKcp.PUSH, 0, 0, HEARTBEAT));
					}
					await().until(() -> pending(context) == 32);
					try (RallyClient kcp = client(context, ClientTransport.KCP);
							RallyClient tcp = client(context, ClientTransport.TCP)) {
						assertThat(text(join(kcp.request(TestNode.LOGIN, bytes("810001"))))).isEqualTo("ok");
						assertThat(text(join(tcp.request(TestNode.LOGIN, bytes("810002"))))).isEqualTo("ok");
						assertThat(connections(context, GateMetrics.CONNECTIONS_OPENED)).isEqualTo(1);
					}
				}
				finally {
					flood.forEach(RawKcp::close);
				}
				List<SessionEvent> events = context.getBean(TestNode.class).events();
				assertThat(events).filteredOn((event) -> event.type() == SessionEvent.Type.CONNECT).hasSize(2);
				assertThat(events).allSatisfy((event) -> assertThat(event.clientIp()).isEqualTo("127.0.0.1"));
			});
	}

	@Test
	void capsUnverifiedConversationsPerSourceAddress() {
		gate("rally.gate.kcp.handshake-timeout=1m", "rally.gate.kcp.max-unverified-per-source=3").run((context) -> {
			// Two ports of one address are one source.
			try (RawKcp first = new RawKcp("127.0.0.40", kcpPort(context));
					RawKcp second = new RawKcp("127.0.0.40", kcpPort(context));
					RawKcp other = new RawKcp("127.0.0.41", kcpPort(context))) {
				for (int conv = 1; conv <= 3; conv++) {
					first.send(RawKcp.segment(conv, RawKcp.PUSH, 0, 0, HEARTBEAT));
				}
				await().until(() -> pending(context) == 3);
				second.send(RawKcp.segment(4, RawKcp.PUSH, 0, 0, HEARTBEAT));
				second.send(RawKcp.segment(5, RawKcp.PUSH, 0, 0, HEARTBEAT));
				await().until(() -> unverified(context, "source_full") == 2);
				// Refused a place, each is still probed, statelessly: no more bytes than it sent.
				List<byte[]> probes = drain(second);
				assertThat(probes).hasSize(2);
				assertThat(totalBytes(probes)).isLessThanOrEqualTo(second.sentBytes());
				assertThat(probes).extracting(RawKcp.Header::of)
					.allSatisfy((probe) -> assertThat(probe.isProbe()).isTrue());
				assertThat(pending(context)).isEqualTo(3);
				other.send(RawKcp.segment(6, RawKcp.PUSH, 0, 0, HEARTBEAT));
				await().until(() -> pending(context) == 4);
				// A verified conversation leaves its source's share.
				first.acknowledgeProbe();
				await().until(() -> pending(context) == 3);
				second.send(RawKcp.segment(7, RawKcp.PUSH, 0, 0, HEARTBEAT));
				await().until(() -> pending(context) == 4);
				assertThat(unverified(context, "source_full")).isEqualTo(2);
			}
		});
	}

	@Test
	void aConversationRefusedAPlaceOpensOnTheAckOfItsStatelessProbe() {
		gate("rally.gate.kcp.handshake-timeout=1m", "rally.gate.kcp.max-unverified-per-source=1").run((context) -> {
			try (RawKcp peer = new RawKcp("127.0.0.45", kcpPort(context))) {
				peer.send(RawKcp.segment(1, RawKcp.PUSH, 0, 0, HEARTBEAT));
				RawKcp.Header pendingProbe = RawKcp.Header.of(peer.receive(5000));
				byte[] request = packet(TestNode.ECHO, 3, "no state kept");
				peer.send(RawKcp.segment(2, RawKcp.PUSH, 0, 0, request));
				RawKcp.Header stateless = peer.acknowledgeProbe();
				assertThat(stateless.conv()).isEqualTo(2);
				assertThat(stateless.una()).as("nothing was kept").isZero();
				await().until(() -> connections(context, GateMetrics.CONNECTIONS_OPENED) == 1);
				assertThat(pending(context)).as("conversation 1 still waits").isEqualTo(1);
				// As a KCP peer does with a segment nobody acknowledged: send it again.
				peer.send(RawKcp.segment(2, RawKcp.PUSH, 0, 0, request));
				byte[] reply = receivePush(peer);
				assertThat(new String(reply, 24, RawKcp.Header.of(reply).length(), StandardCharsets.ISO_8859_1))
					.contains("no state kept");
				assertThat(pendingProbe.conv()).isEqualTo(1);
			}
		});
	}

	@Test
	void capsThePoolOfUnverifiedConversationsAndARealClientStillConnects() {
		gate("rally.gate.kcp.handshake-timeout=1m", "rally.gate.kcp.max-unverified=5",
				"rally.gate.kcp.max-unverified-per-source=2")
			.run((context) -> {
				List<RawKcp> sources = new ArrayList<>();
				try {
					for (int host = 50; host < 54; host++) {
						RawKcp source = new RawKcp("127.0.0." + host, kcpPort(context));
						sources.add(source);
						source.send(RawKcp.segment(host, RawKcp.PUSH, 0, 0, HEARTBEAT));
						source.send(RawKcp.segment(host + 1000, RawKcp.PUSH, 0, 0, HEARTBEAT));
					}
					await().until(() -> unverified(context, "pool_full") == 3);
					assertThat(pending(context)).isEqualTo(5);
					assertThat(unverified(context, "source_full")).isZero();
					try (RallyClient client = client(context, ClientTransport.KCP)) {
						assertThat(text(join(client.request(TestNode.LOGIN, bytes("810003"))))).isEqualTo("ok");
					}
					assertThat(unverified(context, "pool_full")).isGreaterThanOrEqualTo(4);
					assertThat(pending(context)).isEqualTo(5);
				}
				finally {
					sources.forEach(RawKcp::close);
				}
			});
	}

	@Test
	void aKcpGoClientWithItsOwnDefaultsConnectsThroughAStatelessProbe() {
		gate("rally.gate.kcp.handshake-timeout=1m", "rally.gate.kcp.max-unverified=1").run((context) -> {
			try (RawKcp squatter = new RawKcp("127.0.0.90", kcpPort(context))) {
				squatter.send(RawKcp.segment(0x90, RawKcp.PUSH, 0, 0, HEARTBEAT));
				await().until(() -> pending(context) == 1);
				String output = GoKcpPeer.runClient(kcpPort(context), TestNode.ECHO, 7, "{\"pool\":\"full\"}", false);
				assertThat(output).contains("OK");
				assertThat(unverified(context, "pool_full")).isPositive();
				assertThat(connections(context, GateMetrics.CONNECTIONS_OPENED)).isEqualTo(1);
			}
		});
	}

	@Test
	void anUnverifiedConversationExpiresAfterTheHandshakeTimeoutAndALateAckOpensNothing() {
		gate("rally.gate.kcp.handshake-timeout=300ms").run((context) -> {
			try (RawKcp late = new RawKcp("127.0.0.60", kcpPort(context))) {
				late.send(RawKcp.segment(0x60, RawKcp.PUSH, 0, 0, HEARTBEAT));
				RawKcp.Header probe = RawKcp.Header.of(late.receive(5000));
				assertThat(probe.isProbe()).isTrue();
				await().until(() -> unverified(context, "expired") == 1);
				assertThat(pending(context)).isZero();
				double unknown = decodeErrors(context, "kcp_unknown_conversation");
				late.send(RawKcp.segment(0x60, RawKcp.ACK, probe.ts(), probe.sn(), 0, new byte[0]));
				await().until(() -> decodeErrors(context, "kcp_unknown_conversation") == unknown + 1);
				assertThat(connections(context, GateMetrics.CONNECTIONS_OPENED)).isZero();
			}
		});
	}

	@Test
	void aGuessedAcknowledgementVerifiesNothing() {
		gate("rally.gate.kcp.handshake-timeout=1m").run((context) -> {
			try (RawKcp blind = new RawKcp("127.0.0.70", kcpPort(context))) {
				blind.send(RawKcp.segment(0x70, RawKcp.PUSH, 0, 0, HEARTBEAT));
				RawKcp.Header probe = RawKcp.Header.of(blind.receive(5000));
				// What a forger who never saw the probe could send, and the probe's sn with another ts.
				blind.send(RawKcp.segment(0x70, RawKcp.ACK, 0, 0, 0, new byte[0]));
				blind.send(RawKcp.segment(0x70, RawKcp.ACK, 0, -1, 0, new byte[0]));
				blind.send(RawKcp.segment(0x70, RawKcp.ACK, probe.ts() + 1, probe.sn(), 0, new byte[0]));
				// The socket's datagrams are handled in order: once this garbage is counted, so are the acks.
				double garbage = decodeErrors(context, "kcp_garbage");
				blind.send(new byte[3]);
				await().until(() -> decodeErrors(context, "kcp_garbage") == garbage + 1);
				assertThat(pending(context)).isEqualTo(1);
				assertThat(connections(context, GateMetrics.CONNECTIONS_OPENED)).isZero();
				assertThat(context.getBean(TestNode.class).events()).isEmpty();
			}
		});
	}

	@Test
	void aPeerThatAcknowledgesTheProbeIsAConnectionAnnouncedToNodes() {
		gate("rally.gate.kcp.handshake-timeout=1m").run((context) -> {
			try (RawKcp peer = new RawKcp("127.0.0.80", kcpPort(context))) {
				byte[] request = packet(TestNode.ECHO, 9, "held until verified");
				peer.send(RawKcp.segment(0x80, RawKcp.PUSH, 0, 0, request));
				RawKcp.Header probe = peer.acknowledgeProbe();
				assertThat(probe.una()).as("the request was taken in").isEqualTo(1);
				byte[] reply = receivePush(peer);
				RawKcp.Header header = RawKcp.Header.of(reply);
				assertThat(header.cmd()).isEqualTo(RawKcp.PUSH);
				assertThat(header.sn()).as("the gate's first segment").isZero();
				assertThat(new String(reply, 24, header.length(), StandardCharsets.ISO_8859_1))
					.contains("held until verified");
				assertThat(connections(context, GateMetrics.CONNECTIONS_OPENED)).isEqualTo(1);
				assertThat(pending(context)).isZero();
				assertThat(context.getBean(TestNode.class).events()).singleElement().satisfies((event) -> {
					assertThat(event.type()).isEqualTo(SessionEvent.Type.CONNECT);
					assertThat(event.clientIp()).isEqualTo("127.0.0.80");
				});
			}
		});
	}

	private static ApplicationContextRunner gate(String... properties) {
		return new ApplicationContextRunner().withUserConfiguration(GateTestConfiguration.class)
			.withPropertyValues("rally.gate.id=gate-kcp-unverified", "rally.gate.tcp.host=127.0.0.1",
					"rally.gate.tcp.port=0", "rally.gate.ws.enabled=false", "rally.gate.kcp.enabled=true",
					"rally.gate.kcp.host=127.0.0.1", "rally.gate.kcp.port=0")
			.withPropertyValues(properties);
	}

	private static RallyClient client(AssertableApplicationContext context, ClientTransport transport) {
		RallyClient client = RallyClient.builder()
			.transport(transport)
			.host("127.0.0.1")
			.port(GateServers.port(context, (transport == ClientTransport.KCP) ? "kcp" : "tcp"))
			.requestTimeout(Duration.ofSeconds(10))
			.build();
		join(client.connect());
		return client;
	}

	/** What the gate has sent to {@code source}: all of it is in the socket's buffer by now. */
	private static List<byte[]> drain(RawKcp source) throws IOException {
		List<byte[]> datagrams = new ArrayList<>();
		for (byte[] datagram = source.receive(100); datagram != null; datagram = source.receive(100)) {
			datagrams.add(datagram);
		}
		return datagrams;
	}

	/** The next datagram from the gate that carries data. */
	private static byte[] receivePush(RawKcp peer) throws IOException {
		while (true) {
			byte[] datagram = peer.receive(5000);
			assertThat(datagram).as("a push from the gate").isNotNull();
			RawKcp.Header header = RawKcp.Header.of(datagram);
			if (header.cmd() == RawKcp.PUSH && header.length() > 0) {
				return datagram;
			}
		}
	}

	private static long totalBytes(List<byte[]> datagrams) {
		return datagrams.stream().mapToLong((datagram) -> datagram.length).sum();
	}

	private static int kcpPort(AssertableApplicationContext context) {
		return GateServers.port(context, "kcp");
	}

	private static double unverified(AssertableApplicationContext context, String reason) {
		return Meters.count(metrics(context), GateMetrics.KCP_UNVERIFIED, "reason", reason);
	}

	private static double pending(AssertableApplicationContext context) {
		return Meters.gauge(metrics(context), GateMetrics.KCP_UNVERIFIED_PENDING);
	}

	private static double connections(AssertableApplicationContext context, String name) {
		return Meters.count(metrics(context), name, "transport", "kcp");
	}

	private static double decodeErrors(AssertableApplicationContext context, String reason) {
		return Meters.count(metrics(context), GateMetrics.DECODE_ERRORS, "reason", reason);
	}

	private static io.micrometer.core.instrument.MeterRegistry metrics(AssertableApplicationContext context) {
		return context.getBean(GateMetrics.class).registry();
	}

	private static byte[] packet(int route, int seq, String payload) {
		PacketCodec codec = new PacketCodec(ProtocolSettings.defaults());
		ByteBuf encoded = Unpooled.buffer();
		try {
			codec.encode(new Packet(route, seq, payload.getBytes(StandardCharsets.UTF_8)), encoded);
			return ByteBufUtil.getBytes(encoded);
		}
		finally {
			encoded.release();
		}
	}

}
