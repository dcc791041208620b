package io.rally.gate.internal.relay;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.internal.relay.RelayKcpServer;
import io.rally.gate.support.Meters;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * KCP clients relayed to real TCP backends: byte-exact both ways while the backend talks on its
 * own, the client's conversation closed once it has the backend's last bytes, and no backend
 * outside the allow-list.
 */
class TransparentKcpTest {

	private static final int UP_BYTES = 4 * 1024 * 1024;

	private static final int DOWN_BYTES = 3 * 1024 * 1024;

	private static final int CHUNK = 10_007;

	private static final Duration TRANSFER = Duration.ofSeconds(60);

	@Test
	void relaysLargeStreamsBothWaysByteExact() throws Exception {
		try (TestBackend backend = TestBackend.digest(DOWN_BYTES, 42)) {
			kcpGate("rally.gate.relay.allowed-backends=" + backend.address()).run((context) -> {
				try (KcpRelayClient client = new KcpRelayClient(kcpPort(context))) {
					client.request(backend.address(), new byte[0]);
					await().until(() -> client.receivedBytes() >= RelayGates.OK.length);
					assertThat(client.received(0, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
					byte[] up = new byte[UP_BYTES];
					new Random(7).nextBytes(up);
					// The backend's noise is on its way down already, unasked, while this goes up.
					client.send(ByteBuffer.allocate(8).putLong(up.length).array());
					for (int offset = 0; offset < up.length; offset += CHUNK) {
						client.send(Arrays.copyOfRange(up, offset, Math.min(up.length, offset + CHUNK)));
					}
					int total = RelayGates.OK.length + DOWN_BYTES + 32;
					await().atMost(TRANSFER).until(() -> client.receivedBytes() >= total);
					assertThat(client.receivedBytes()).isEqualTo(total);
					assertThat(TestBackend.sha256().digest(client.received(RelayGates.OK.length, DOWN_BYTES)))
						.isEqualTo(TestBackend.sha256().digest(TestBackend.noise(DOWN_BYTES, 42)));
					assertThat(client.received(RelayGates.OK.length + DOWN_BYTES, 32))
						.as("the backend's digest of what the client sent")
						.isEqualTo(TestBackend.sha256().digest(up));
					// The backend closed after its digest; the conversation follows once it is acknowledged.
					await().untilAsserted(() -> assertThat(connections(context)).isZero());
				}
				assertThat(backend.failures()).isEmpty();
				assertThat(Meters.count(context.getBean(GateMetrics.class).registry(), GateMetrics.RELAYS_STARTED,
						"transport", "kcp", "copy", "copy")).isEqualTo(1);
			});
		}
	}

	@Test
	void sendsWhatFollowsTheFirstPacketBehindTheSuccessMessage() throws Exception {
		try (TestBackend backend = TestBackend.echo()) {
			kcpGate("rally.gate.relay.allowed-backends=" + backend.address()).run((context) -> {
				try (KcpRelayClient client = new KcpRelayClient(kcpPort(context))) {
					client.request(backend.address(), "early bytes".getBytes());
					int total = RelayGates.OK.length + 11;
					await().until(() -> client.receivedBytes() >= total);
					assertThat(client.received(0, RelayGates.OK.length)).isEqualTo(RelayGates.OK);
					assertThat(new String(client.received(RelayGates.OK.length, 11))).isEqualTo("early bytes");
				}
			});
		}
	}

	@Test
	void refusesABackendOutsideTheAllowList() throws Exception {
		try (TestBackend allowed = TestBackend.echo(); TestBackend other = TestBackend.echo()) {
			kcpGate("rally.gate.relay.allowed-backends=" + allowed.address()).run((context) -> {
				try (KcpRelayClient client = new KcpRelayClient(kcpPort(context))) {
					client.request(other.address(), new byte[0]);
					await().until(() -> RelayGates.refused(context, "not_allowed") == 1);
					await().untilAsserted(() -> assertThat(connections(context)).isZero());
					assertThat(client.receivedBytes()).as("no success message").isZero();
				}
				assertThat(other.accepted()).isZero();
				assertThat(allowed.accepted()).isZero();
			});
		}
	}

	private static ApplicationContextRunner kcpGate(String... properties) {
		return RelayGates.gate("rally.gate.kcp.enabled=true", "rally.gate.kcp.host=127.0.0.1", "rally.gate.kcp.port=0")
			.withPropertyValues(properties);
	}

	private static int kcpPort(AssertableApplicationContext context) {
		return context.getBean(RelayKcpServer.class).port();
	}

	private static double connections(AssertableApplicationContext context) {
		return Meters.gauge(context.getBean(GateMetrics.class).registry(), GateMetrics.CONNECTIONS, "transport", "kcp");
	}

}
