package io.rally.gate.api.health;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.rally.gate.internal.health.EwmaLatencyTracker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Choosing among backends that are not nodes (relay targets, say), by their ids. */
class LeastLatencyTest {

	private final EwmaLatencyTracker tracker = new EwmaLatencyTracker(1, HealthScore.DEFAULT);

	private final LeastLatency.Backends backends = LeastLatency.Backends.of(List.of("10.0.0.1:7000", "10.0.0.2:7000"));

	@Test
	void choosesTheIndexOfTheFasterBackend() {
		this.tracker.record("10.0.0.1:7000", Duration.ofMillis(250));
		this.tracker.record("10.0.0.2:7000", Duration.ofMillis(1));

		Set<Integer> chosen = new HashSet<>();
		for (int i = 0; i < 100; i++) {
			chosen.add(LeastLatency.choose(this.tracker, this.backends, 0.05));
		}
		assertThat(chosen).containsExactly(1);
	}

	@Test
	void spreadsOverEquallyFastBackends() {
		Set<Integer> chosen = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			chosen.add(LeastLatency.choose(this.tracker, this.backends, 0.05));
		}
		assertThat(chosen).containsExactlyInAnyOrder(0, 1);
	}

	@Test
	void toleranceMustBeAFraction() {
		assertThatIllegalArgumentException().isThrownBy(() -> LeastLatency.checkTolerance(1))
			.withMessage("tolerance: 1.0 (expected: >= 0 and < 1)");
		assertThat(LeastLatency.checkTolerance(0)).isZero();
	}

}
