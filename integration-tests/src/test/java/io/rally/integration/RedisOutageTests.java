package io.rally.integration;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.rally.client.RallyClient;
import io.rally.client.RallyErrorException;
import io.rally.examples.basics.AnnouncementController;
import io.rally.examples.basics.EchoController;
import io.rally.examples.basics.LoginController;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.integration.node.NodeProbeController;
import io.rally.protocol.Packet;
import io.rally.testsupport.RedisTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static io.rally.integration.RallyCluster.call;
import static io.rally.integration.RallyCluster.json;
import static io.rally.integration.RallyCluster.servedBy;
import static io.rally.integration.RallyCluster.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JVM's shared Redis stopped and started again under a running cluster of two gates and
 * a node. Runs last: while Redis is down, no other class could use it.
 */
@Order(Integer.MAX_VALUE)
class RedisOutageTests {

	static final String GATE_A = "gate-a";

	static final String GATE_B = "gate-b";

	/** A request that needs Redis may wait this long for it (command timeout 2s) before failing. */
	static final Duration LOCATOR_BOUND = Duration.ofSeconds(10);

	static RallyCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = new RallyCluster("outage", DispatchStrategy.ROUND_ROBIN);
		cluster.startNode("node-1");
		cluster.startGate(GATE_A);
		cluster.startGate(GATE_B);
		cluster.awaitFormed();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void locatorRequestsFailWhileRedisIsDownEchoKeepsWorkingAndAllRecoversAfterRestart() throws Exception {
		RallyClient alice = cluster.login(GATE_A, 701);
		RallyClient bob = cluster.login(GATE_B, 702);
		assertThat(call(alice, AnnouncementController.WHISPER, "{\"to\":702,\"text\":\"before\"}").get("users").asInt())
			.isEqualTo(1);
		RallyClient newcomer = cluster.connect(GATE_B, true);

		RedisTestServer.shared().stop();
		try {
			for (RallyClient client : new RallyClient[] { alice, bob, newcomer }) {
				byte[] echoed = client.request(EchoController.ECHO, utf8("still here"))
					.get(10, TimeUnit.SECONDS)
					.payload();
				assertThat(echoed).isEqualTo(utf8("still here"));
			}
			// a push must find the addressee's gate in the locator: the node's handler fails
			assertThat(alice.request(AnnouncementController.WHISPER, utf8("{\"to\":702,\"text\":\"during\"}")))
				.failsWithin(LOCATOR_BOUND)
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(RallyErrorException.class);
			// a login must be recorded in the locator to count cluster-wide: while Redis is down
			// it fails with an error instead of binding the user only on its gate
			assertThat(newcomer.request(LoginController.LOGIN, utf8("{\"userId\":703}")))
				.as("a login while Redis is down fails cleanly")
				.failsWithin(LOCATOR_BOUND)
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(RallyErrorException.class);
		}
		finally {
			RedisTestServer.shared().start();
		}

		// Nothing restarted: the locator reconnects by itself. Redis came back empty (no
		// persistence in tests), so users log in again, as after any loss of the locator's data.
		RallyClient dave = cluster.connect(GATE_A, true);
		RallyClient erin = cluster.connect(GATE_B, true);
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(call(dave, LoginController.LOGIN, "{\"userId\":711}").get("userId").asLong()).isEqualTo(711);
			assertThat(call(erin, LoginController.LOGIN, "{\"userId\":712}").get("userId").asLong()).isEqualTo(712);
			assertThat(call(dave, AnnouncementController.WHISPER, "{\"to\":712,\"text\":\"probe\"}").get("users").asInt())
				.isEqualTo(1);
		});
		BlockingQueue<Packet> erinInbox = new LinkedBlockingQueue<>();
		erin.onPush(AnnouncementController.WHISPERED, erinInbox::add);
		assertThat(call(dave, AnnouncementController.WHISPER, "{\"to\":712,\"text\":\"after\"}").get("users").asInt())
			.isEqualTo(1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> erinInbox.stream().anyMatch((p) -> json(p).get("text").asString().equals("after")));
		String boundTo = servedBy(erin, NodeProbeController.BIND_HERE);
		assertThat(servedBy(erin, NodeProbeController.STATEFUL_WHO)).isEqualTo(boundTo);
		assertThat(alice.request(EchoController.ECHO, utf8("after")).get(10, TimeUnit.SECONDS).payload())
			.isEqualTo(utf8("after"));
	}

}
