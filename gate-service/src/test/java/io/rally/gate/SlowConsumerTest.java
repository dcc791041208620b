package io.rally.gate;

import io.rally.gate.internal.metrics.GateMetrics;
import io.rally.gate.support.TcpTestClient;
import io.rally.gate.support.TestNode;
import io.rally.protocol.Packet;
import org.junit.jupiter.api.Test;

import static io.rally.gate.support.TcpTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading while the gate pushes to it is cut off once its outbound
 * queue passes the limit (64 KB here), instead of making the gate buffer without bound.
 */
class SlowConsumerTest extends GateIntegrationTest {

	@Test
	void clientThatStopsReadingIsDisconnected() throws Exception {
		long userId = 880001;
		double before = count(GateMetrics.CONNECTIONS_CLOSED, "reason", "slow_consumer");
		try (TcpTestClient slow = TcpTestClient.connect(tcpPort(), 4096);
				TcpTestClient healthy = TcpTestClient.connect(tcpPort())) {
			slow.login(userId);
			Packet push = Packet.oneWay(TestNode.ECHO, new byte[4000]);
			int pushed = 0;
			// Kernel buffers take a few MB before the gate's own queue grows; 100 MB is far more
			// than both together, so the loop ends because the gate gave up on the client.
			while (this.sessions.pushToUser(userId, push).join() && pushed < 25_000) {
				pushed++;
			}
			assertThat(pushed).isLessThan(25_000);
			await().until(() -> count(GateMetrics.CONNECTIONS_CLOSED, "reason", "slow_consumer") == before + 1);
			// Counted once the channel is closed; its session is forgotten a task later, but a
			// closed connection is not online in between.
			assertThat(this.sessions.isOnline(userId).join()).isFalse();
			assertThat(text(healthy.request(TestNode.ECHO, 1, "fine"))).isEqualTo("fine");
		}
	}

}
