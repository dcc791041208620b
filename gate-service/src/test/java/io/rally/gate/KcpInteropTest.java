package io.rally.gate;

import java.time.Duration;

import io.rally.client.ClientResources;
import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.GateServers;
import io.rally.gate.support.GateTestConfiguration;
import io.rally.gate.support.GoKcpPeer;
import io.rally.gate.support.Meters;
import io.rally.gate.support.TestNode;
import io.rally.protocol.Packet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static io.rally.gate.KcpGateTest.bytes;
import static io.rally.gate.KcpGateTest.join;
import static io.rally.gate.KcpGateTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * KCP against kcp-go, the KCP library of due's gate, with its default session options (no FEC,
 * no encryption) and the gate's nodelay settings, in both directions: a kcp-go client on the
 * gate's port, and the Java client on a kcp-go echo server. Same context as {@link KcpGateTest}.
 */
@SpringBootTest(classes = GateTestConfiguration.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "rally.gate.id=gate-kcp", "rally.gate.tcp.host=127.0.0.1", "rally.gate.tcp.port=0",
				"rally.gate.ws.enabled=false", "rally.gate.kcp.enabled=true", "rally.gate.kcp.host=127.0.0.1",
				"rally.gate.kcp.port=0", "rally.gate.heartbeat.interval=1s" })
class KcpInteropTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	GateMetrics metrics;

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void aKcpGoClientGetsItsHeartbeatAndItsEchoFromTheGate(boolean gateTuning) throws Exception {
		double received = Meters.count(this.metrics.registry(), GateMetrics.MESSAGES_RECEIVED);
		String output = GoKcpPeer.runClient(kcpPort(), TestNode.ECHO, 7, "{\"from\":\"kcp-go\"}", gateTuning);
		assertThat(output).contains("OK");
		await().until(() -> Meters.count(this.metrics.registry(), GateMetrics.MESSAGES_RECEIVED) >= received + 1);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void theJavaClientTalksToAKcpGoServer(boolean nativeTransport) throws Exception {
		// kcp-go's own defaults on the server of the epoll run, the gate's tuning on the NIO run.
		try (GoKcpPeer.Server server = GoKcpPeer.startServer(!nativeTransport);
				ClientResources resources = ClientResources.builder()
					.threads(1)
					.preferNativeTransport(nativeTransport)
					.build();
				RallyClient client = RallyClient.builder()
					.transport(ClientTransport.KCP)
					.host("127.0.0.1")
					.port(server.port())
					.heartbeatInterval(Duration.ofMillis(200))
					.resources(resources)
					.build()) {
			join(client.connect());
			// The echo server returns each request as its response, route and seq included.
			Packet reply = join(client.request(21, bytes("to kcp-go and back")));
			assertThat(reply.route()).isEqualTo(21);
			assertThat(text(reply)).isEqualTo("to kcp-go and back");
			byte[] large = new byte[4500];
			new java.util.Random(5).nextBytes(large);
			assertThat(join(client.request(22, large)).payload()).isEqualTo(large);
			assertThat(client.isConnected()).isTrue();
		}
	}

	private int kcpPort() {
		return GateServers.port(this.context, "kcp");
	}

}
