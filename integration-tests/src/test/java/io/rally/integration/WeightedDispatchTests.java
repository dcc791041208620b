package io.rally.integration;

import java.util.ArrayList;
import java.util.List;

import io.rally.client.RallyClient;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.integration.node.NodeProbeController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static io.rally.integration.RallyCluster.servedBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One gate with the weighted round robin strategy in front of two nodes weighted 3 and 1.
 * The strategy is deterministic (a cursor over the cumulative weights), so one connection's
 * consecutive stateless requests split exactly 3:1 over every four.
 */
@Order(2)
class WeightedDispatchTests {

	static final String GATE = "gate-w";

	static RallyCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = new RallyCluster("weighted", DispatchStrategy.WEIGHTED_ROUND_ROBIN);
		cluster.startNode("node-heavy", "--rally.node.weight=3");
		cluster.startNode("node-light", "--rally.node.weight=1");
		cluster.startGate(GATE);
		cluster.awaitFormed();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@AfterEach
	void closeClients() {
		cluster.closeClients();
	}

	@Test
	void gateSeesTheWeightsTheNodesRegistered() {
		assertThat(cluster.seenBy(GATE, "node-heavy").weight()).isEqualTo(3);
		assertThat(cluster.seenBy(GATE, "node-light").weight()).isEqualTo(1);
	}

	@Test
	void weightsThreeToOneSplitEveryFourStatelessRequestsThreeToOne() {
		RallyClient client = cluster.connect(GATE, true);
		List<String> served = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			served.add(servedBy(client, NodeProbeController.WHO));
		}

		assertThat(served).filteredOn("node-heavy"::equals).hasSize(12);
		assertThat(served).filteredOn("node-light"::equals).hasSize(4);
		// not just in total: any four consecutive requests are one full cycle of the weights
		for (int start = 0; start + 4 <= served.size(); start++) {
			assertThat(served.subList(start, start + 4)).as("requests %d to %d of %s", start, start + 3, served)
				.filteredOn("node-light"::equals)
				.hasSize(1);
		}
	}

}
