package io.rally.gate.internal.health;

import java.time.Duration;

import io.rally.gate.api.health.HealthScore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** The default score formula and the tracker's moving average. */
class EwmaLatencyTrackerTest {

	@Test
	void defaultScoreIsOneOverOnePlusOneAndAHalfTimesTheDelayInSeconds() {
		assertThat(HealthScore.DEFAULT.score(Duration.ZERO)).isEqualTo(1.0);
		assertThat(HealthScore.DEFAULT.score(Duration.ofSeconds(2))).isCloseTo(0.25, within(1e-12));
		assertThat(HealthScore.DEFAULT.score(Duration.ofMillis(100))).isCloseTo(1 / 1.15, within(1e-12));
		assertThat(HealthScore.DEFAULT.score(Duration.ofMillis(10))).isGreaterThan(
				HealthScore.DEFAULT.score(Duration.ofMillis(11)));
	}

	@Test
	void scoreFactorMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> HealthScore.inverseDelay(0))
			.withMessage("factor: 0.0 (expected: > 0 and finite)");
		assertThat(HealthScore.inverseDelay(1).score(Duration.ofSeconds(1))).isEqualTo(0.5);
	}

	@Test
	void firstSampleIsTakenAsItIsAndLaterOnesAreWeighted() {
		EwmaLatencyTracker tracker = new EwmaLatencyTracker(0.25, HealthScore.DEFAULT);

		tracker.record("a", Duration.ofMillis(100));
		assertThat(tracker.latency("a")).contains(Duration.ofMillis(100));

		tracker.record("a", Duration.ofMillis(500));
		// 0.25 × 500 + 0.75 × 100
		assertThat(tracker.latency("a")).contains(Duration.ofMillis(200));

		tracker.record("a", Duration.ZERO);
		assertThat(tracker.latency("a")).contains(Duration.ofMillis(150));
		assertThat(tracker.score("a")).isCloseTo(1 / (1 + 1.5 * 0.150), within(1e-9));
	}

	@Test
	void weightOneKeepsOnlyTheLastSample() {
		EwmaLatencyTracker tracker = new EwmaLatencyTracker(1, HealthScore.DEFAULT);
		tracker.record("a", Duration.ofMillis(100));
		tracker.record("a", Duration.ofMillis(7));
		assertThat(tracker.latency("a")).contains(Duration.ofMillis(7));
	}

	@Test
	void unmeasuredAndForgottenBackendsScoreAsIfTheyAnsweredAtOnce() {
		EwmaLatencyTracker tracker = new EwmaLatencyTracker(0.5, HealthScore.inverseDelay(2));
		assertThat(tracker.latency("new")).isEmpty();
		assertThat(tracker.score("new")).isEqualTo(1.0);

		tracker.record("old", Duration.ofSeconds(1));
		assertThat(tracker.score("old")).isCloseTo(1 / 3.0, within(1e-12));
		assertThat(tracker.latencies()).containsOnlyKeys("old");

		tracker.forget("old");
		assertThat(tracker.latency("old")).isEmpty();
		assertThat(tracker.score("old")).isEqualTo(1.0);
	}

	@Test
	void customScoreIsUsed() {
		EwmaLatencyTracker tracker = new EwmaLatencyTracker(1, (latency) -> -latency.toMillis());
		tracker.record("a", Duration.ofMillis(42));
		assertThat(tracker.score("a")).isEqualTo(-42.0);
	}

	@Test
	void rejectsBadArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EwmaLatencyTracker(0, HealthScore.DEFAULT))
			.withMessage("weight: 0.0 (expected: > 0 and <= 1)");
		assertThatIllegalArgumentException().isThrownBy(() -> new EwmaLatencyTracker(1.5, HealthScore.DEFAULT));
		EwmaLatencyTracker tracker = new EwmaLatencyTracker(0.3, HealthScore.DEFAULT);
		assertThatIllegalArgumentException().isThrownBy(() -> tracker.record("a", Duration.ofMillis(-1)));
	}

}
