package io.rally.gate.internal.dispatch;

import java.util.ArrayList;
import java.util.List;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.cluster.RouteInfo;
import io.rally.gate.api.dispatch.DispatchStrategy;
import io.rally.gate.api.dispatch.NodeSelector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Building the route table from node registrations, and choosing nodes from it.
 */
class RouteTableTest {

	private static final RouteInfo ROUTE = new RouteInfo(10, false, false, false);

	@Test
	void findsRoutesAndKnowsUnservedOnes() {
		RouteTable table = RouteTable.of(List.of(node("a", InstanceState.WORK, 1, ROUTE),
				node("b", InstanceState.WORK, 1, new RouteInfo(-5, true, true, false))));
		assertThat(table.find(10)).isNotNull();
		assertThat(table.find(-5).stateful()).isTrue();
		assertThat(table.find(11)).isNull();
		assertThat(table.node("b").id()).isEqualTo("b");
		assertThat(RouteTable.empty().find(10)).isNull();
	}

	@Test
	void prefersWorkingNodesOverBusyOnesAndNeverPicksHangOrShut() {
		RouteTable table = RouteTable.of(List.of(node("busy", InstanceState.BUSY, 1, ROUTE),
				node("hang", InstanceState.HANG, 1, ROUTE), node("work", InstanceState.WORK, 1, ROUTE)));
		NodeSelector selector = DispatchStrategy.ROUND_ROBIN.selector();
		for (int i = 0; i < 10; i++) {
			assertThat(table.find(10).choose(selector).id()).isEqualTo("work");
		}
		RouteTable withoutWork = RouteTable.of(List.of(node("busy", InstanceState.BUSY, 1, ROUTE),
				node("hang", InstanceState.HANG, 1, ROUTE)));
		assertThat(withoutWork.find(10).choose(selector).id()).isEqualTo("busy");
		RouteTable draining = RouteTable.of(List.of(node("hang", InstanceState.HANG, 1, ROUTE),
				node("shut", InstanceState.SHUT, 1, ROUTE)));
		assertThat(draining.find(10).choose(selector)).isNull();
	}

	@Test
	void roundRobinTakesEachNodeInTurn() {
		RouteTable table = RouteTable.of(List.of(node("a", InstanceState.WORK, 1, ROUTE),
				node("b", InstanceState.WORK, 1, ROUTE), node("c", InstanceState.WORK, 1, ROUTE)));
		assertThat(choose(table, DispatchStrategy.ROUND_ROBIN, 6)).containsExactly("a", "b", "c", "a", "b", "c");
	}

	@Test
	void weightedRoundRobinFollowsTheWeights() {
		RouteTable table = RouteTable.of(
				List.of(node("a", InstanceState.WORK, 3, ROUTE), node("b", InstanceState.WORK, 1, ROUTE)));
		assertThat(choose(table, DispatchStrategy.WEIGHTED_ROUND_ROBIN, 8)).containsExactly("a", "a", "a", "b", "a",
				"a", "a", "b");
	}

	@Test
	void randomPicksOnlyServingNodes() {
		RouteTable table = RouteTable.of(List.of(node("a", InstanceState.WORK, 1, ROUTE),
				node("b", InstanceState.WORK, 1, ROUTE), node("other", InstanceState.WORK, 1,
						new RouteInfo(11, false, false, false))));
		assertThat(choose(table, DispatchStrategy.RANDOM, 200)).containsOnly("a", "b").contains("a", "b");
	}

	private static List<String> choose(RouteTable table, DispatchStrategy strategy, int times) {
		NodeSelector selector = strategy.selector();
		List<String> chosen = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			chosen.add(table.find(10).choose(selector).id());
		}
		return chosen;
	}

	private static InstanceInfo node(String id, InstanceState state, int weight, RouteInfo... routes) {
		return new InstanceInfo(id, InstanceKind.NODE, "g", state, weight, "local", List.of(routes));
	}

}
