package io.rally.gate.api.health;

import java.time.Duration;

/**
 * Turns a backend's smoothed round-trip latency into a score: the higher, the healthier. A
 * bean; define one of your own to change how latency counts. Called when a latency is
 * recorded, not per packet. Thread-safe.
 */
@FunctionalInterface
public interface HealthScore {

	/** The default score, {@code 1 / (1 + 1.5 × delay in seconds)}. */
	HealthScore DEFAULT = inverseDelay(1.5);

	/** The score of a backend whose smoothed round trip takes {@code latency}. */
	double score(Duration latency);

	/**
	 * {@code 1 / (1 + factor × delay in seconds)}: 1 for no delay, falling towards 0 as the delay
	 * grows, halved at {@code 1 / factor} seconds.
	 * @param factor how strongly delay counts, greater than 0
	 */
	static HealthScore inverseDelay(double factor) {
		if (!(factor > 0) || Double.isInfinite(factor)) {
			throw new IllegalArgumentException("factor: " + factor + " (expected: > 0 and finite)");
		}
		return (latency) -> 1.0 / (1.0 + factor * (latency.toNanos() / 1e9));
	}

}
