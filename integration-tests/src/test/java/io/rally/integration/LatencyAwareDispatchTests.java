package io.rally.integration;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.rally.client.RallyClient;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.gate.api.health.LatencyTracker;
import io.rally.gate.api.ops.GateOperations;
import io.rally.integration.node.NodeProbeController;
import io.rally.integration.node.PingDelay;
import io.rally.node.internal.messaging.BoundUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static io.rally.integration.RallyCluster.servedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gates with the {@code least-latency} strategy in front of two nodes, the gates pinging
 * the nodes over the gRPC links every 100 ms. A node is made slow by delaying its answers to
 * those pings ({@link PingDelay}); the assertions are about which node answered, never about
 * how long anything took. The same cluster serves the move-users operation.
 */
@Order(5)
class LatencyAwareDispatchTests {

	static final String GATE_A = "gate-la";

	static final String GATE_B = "gate-lb";

	static RallyCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = new RallyCluster("latency", DispatchStrategy.LEAST_LATENCY);
		cluster.startNode("node-1");
		cluster.startNode("node-2");
		cluster.startGate(GATE_A, "--rally.gate.latency.interval=100ms");
		cluster.startGate(GATE_B, "--rally.gate.latency.interval=100ms");
		cluster.awaitFormed();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@AfterEach
	void reset() {
		cluster.closeClients();
		cluster.node("node-1").getBean(PingDelay.class).set(Duration.ZERO);
		cluster.node("node-2").getBean(PingDelay.class).set(Duration.ZERO);
	}

	@Test
	void nodesThatAnswerAboutAsFastShareTheRequests() {
		RallyClient client = cluster.connect(GATE_A, true);
		Set<String> served = new HashSet<>();
		await("both nodes serve requests").atMost(RallyCluster.CONVERGENCE).until(() -> {
			served.add(servedBy(client, NodeProbeController.WHO));
			return served.size() == 2;
		});
		assertThat(cluster.gate(GATE_A).getBean(LatencyTracker.class).latencies()).containsKeys("node-1", "node-2");
	}

	@Test
	void newStatelessRequestsAvoidANodeOnceItIsSlowedDown() {
		cluster.node("node-2").getBean(PingDelay.class).set(Duration.ofMillis(500));
		RallyClient onA = cluster.connect(GATE_A, true);
		RallyClient onB = cluster.connect(GATE_B, true);

		await("every gate sends all new requests to node-1").atMost(RallyCluster.CONVERGENCE)
			.until(() -> allServedBy(onA, "node-1", 20) && allServedBy(onB, "node-1", 20));

		cluster.node("node-2").getBean(PingDelay.class).set(Duration.ZERO);
		Set<String> served = new HashSet<>();
		await("node-2 is back in use once it answers fast again").atMost(RallyCluster.CONVERGENCE).until(() -> {
			served.add(servedBy(onA, NodeProbeController.WHO));
			return served.contains("node-2");
		});
	}

	@Test
	void movedUsersAreServedByTheTargetNode() {
		RallyClient user1 = cluster.login(GATE_A, 9001);
		RallyClient user2 = cluster.login(GATE_B, 9002);
		bindTo(user1, "node-1");
		bindTo(user2, "node-1");
		assertThat(cluster.node("node-1").getBean(BoundUsers.class).count()).isEqualTo(2);

		int moved = cluster.gate(GATE_A).getBean(GateOperations.class).moveUsers("node-1", "node-2").join();

		assertThat(moved).isEqualTo(1);
		awaitStatefulServedBy(user1, "node-2");
		// each gate moves only its own users
		assertThat(servedBy(user2, NodeProbeController.STATEFUL_WHO)).isEqualTo("node-1");

		cluster.gate(GATE_A).getBean(GateOperations.class).moveUsersEverywhere("node-1", "node-2");

		awaitStatefulServedBy(user2, "node-2");
		assertThat(servedBy(user1, NodeProbeController.STATEFUL_WHO)).isEqualTo("node-2");
		// node-1 heard that its users left it: stopping it would not wait for them
		BoundUsers boundToNode1 = cluster.node("node-1").getBean(BoundUsers.class);
		await().atMost(RallyCluster.CONVERGENCE).until(() -> boundToNode1.count() == 0);
	}

	private static boolean allServedBy(RallyClient client, String nodeId, int requests) {
		for (int i = 0; i < requests; i++) {
			if (!servedBy(client, NodeProbeController.WHO).equals(nodeId)) {
				return false;
			}
		}
		return true;
	}

	/** Binds the user to whichever node handles BIND_HERE, until that is {@code nodeId}. */
	private static void bindTo(RallyClient client, String nodeId) {
		await().atMost(RallyCluster.CONVERGENCE)
			.until(() -> servedBy(client, NodeProbeController.BIND_HERE).equals(nodeId));
		awaitStatefulServedBy(client, nodeId);
	}

	private static void awaitStatefulServedBy(RallyClient client, String nodeId) {
		await("stateful requests reach " + nodeId).atMost(RallyCluster.CONVERGENCE)
			.until(() -> servedBy(client, NodeProbeController.STATEFUL_WHO).equals(nodeId));
	}

}
