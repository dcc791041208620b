package io.rally.gate.api.dispatch;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceState;
import io.rally.gate.api.health.HealthScore;
import io.rally.gate.internal.health.EwmaLatencyTracker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code least-latency} selector: the best score wins, near-equal scores share. */
class LeastLatencySelectorTest {

	private final EwmaLatencyTracker tracker = new EwmaLatencyTracker(1, HealthScore.DEFAULT);

	private final NodeSelector selector = DispatchStrategy.LEAST_LATENCY.selector(this.tracker, 0.05);

	private final Candidates candidates = Candidates.of(List.of(node("a"), node("b"), node("c")));

	@Test
	void choosesTheFastestNode() {
		this.tracker.record("a", Duration.ofMillis(300));
		this.tracker.record("b", Duration.ofMillis(2));
		this.tracker.record("c", Duration.ofSeconds(1));

		assertThat(choices(300)).containsOnlyKeys("b");
	}

	@Test
	void spreadsOverNodesWhoseScoresAreWithinTheTolerance() {
		this.tracker.record("a", Duration.ofMillis(1));
		this.tracker.record("b", Duration.ofMillis(3));
		this.tracker.record("c", Duration.ofMillis(400));

		// a (0.9985) and b (0.9955) tie within 5%; c (0.625) does not
		assertThat(choices(300)).containsOnlyKeys("a", "b");
	}

	@Test
	void unmeasuredNodesCountAsFast() {
		this.tracker.record("a", Duration.ofMillis(500));

		assertThat(choices(300)).containsOnlyKeys("b", "c");
	}

	@Test
	void zeroToleranceStillSpreadsOverExactTies() {
		NodeSelector strict = DispatchStrategy.LEAST_LATENCY.selector(this.tracker, 0);
		this.tracker.record("c", Duration.ofMillis(50));
		Map<String, Integer> chosen = new HashMap<>();
		for (int i = 0; i < 300; i++) {
			chosen.merge(strict.select(this.candidates).id(), 1, Integer::sum);
		}
		assertThat(chosen).containsOnlyKeys("a", "b");
	}

	@Test
	void otherStrategiesIgnoreTheTracker() {
		this.tracker.record("a", Duration.ofSeconds(5));
		NodeSelector roundRobin = DispatchStrategy.ROUND_ROBIN.selector(this.tracker, 0.05);
		assertThat(List.of(roundRobin.select(this.candidates).id(), roundRobin.select(this.candidates).id(),
				roundRobin.select(this.candidates).id()))
			.containsExactly("a", "b", "c");
	}

	private Map<String, Integer> choices(int times) {
		Map<String, Integer> chosen = new HashMap<>();
		for (int i = 0; i < times; i++) {
			chosen.merge(this.selector.select(this.candidates).id(), 1, Integer::sum);
		}
		return chosen;
	}

	private static InstanceInfo node(String id) {
		return new InstanceInfo(id, InstanceKind.NODE, "g", InstanceState.WORK, 1, "local", List.of());
	}

}
