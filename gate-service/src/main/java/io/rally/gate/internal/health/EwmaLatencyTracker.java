package io.rally.gate.internal.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.rally.gate.api.health.HealthScore;
import io.rally.gate.api.health.LatencyTracker;

/**
 * A {@link LatencyTracker} that smooths each backend's measurements with an exponentially
 * weighted moving average: {@code smoothed = weight × sample + (1 − weight) × smoothed}, the
 * first sample taken as it is. The score is computed when a sample arrives and kept next to the
 * average, so that {@link #score} is one map lookup and one volatile read.
 */
public final class EwmaLatencyTracker implements LatencyTracker {

	private final double weight;

	private final HealthScore healthScore;

	private final double unmeasuredScore;

	private final Map<String, Estimate> estimates = new ConcurrentHashMap<>();

	/**
	 * @param weight the share of a new sample in the average, greater than 0 and at most 1
	 * (1 keeps only the last sample)
	 * @param healthScore how a smoothed latency becomes a score
	 */
	public EwmaLatencyTracker(double weight, HealthScore healthScore) {
		if (!(weight > 0 && weight <= 1)) {
			throw new IllegalArgumentException("weight: " + weight + " (expected: > 0 and <= 1)");
		}
		this.weight = weight;
		this.healthScore = Objects.requireNonNull(healthScore, "healthScore");
		this.unmeasuredScore = healthScore.score(Duration.ZERO);
	}

	@Override
	public void record(String backendId, Duration rtt) {
		Objects.requireNonNull(backendId, "backendId");
		if (rtt.isNegative()) {
			throw new IllegalArgumentException("rtt: " + rtt + " (expected: >= 0)");
		}
		this.estimates.computeIfAbsent(backendId, (id) -> new Estimate()).add(rtt.toNanos());
	}

	@Override
	public Optional<Duration> latency(String backendId) {
		Estimate estimate = this.estimates.get(backendId);
		return (estimate != null) ? Optional.of(Duration.ofNanos(estimate.nanos)) : Optional.empty();
	}

	@Override
	public double score(String backendId) {
		Estimate estimate = this.estimates.get(backendId);
		return (estimate != null) ? estimate.score : this.unmeasuredScore;
	}

	@Override
	public void forget(String backendId) {
		this.estimates.remove(backendId);
	}

	@Override
	public Map<String, Duration> latencies() {
		Map<String, Duration> latencies = new LinkedHashMap<>();
		this.estimates.forEach((id, estimate) -> latencies.put(id, Duration.ofNanos(estimate.nanos)));
		return latencies;
	}

	@Override
	public String toString() {
		return "EwmaLatencyTracker[weight=" + this.weight + ", backends=" + this.estimates.size() + "]";
	}

	/** One backend's average and score; samples of one backend may come from several probes. */
	private final class Estimate {

		private volatile long nanos;

		// Readers may find the estimate before its first sample is in.
		private volatile double score = EwmaLatencyTracker.this.unmeasuredScore;

		private boolean measured;

		synchronized void add(long sample) {
			long smoothed = this.measured ? Math.round(EwmaLatencyTracker.this.weight * sample
					+ (1 - EwmaLatencyTracker.this.weight) * this.nanos) : sample;
			this.measured = true;
			this.nanos = smoothed;
			this.score = EwmaLatencyTracker.this.healthScore.score(Duration.ofNanos(smoothed));
		}

	}

}
