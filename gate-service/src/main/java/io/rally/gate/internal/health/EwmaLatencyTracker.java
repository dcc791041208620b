package io.rally.gate.internal.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>It follows at most {@code maxBackends} backends: transparent backends are named by
 * clients, so their number is theirs to choose. A sample of a new backend when that many are
 * followed first forgets the least recently measured ones, an eighth of the cap at a time. A
 * forgotten backend scores as unmeasured until its next sample (a node's comes with the next
 * probe).
 */
public final class EwmaLatencyTracker implements LatencyTracker {

	/** The default cap on the backends followed. */
	public static final int DEFAULT_MAX_BACKENDS = 1024;

	private final double weight;

	private final HealthScore healthScore;

	private final double unmeasuredScore;

	private final int maxBackends;

	private final Map<String, Estimate> estimates = new ConcurrentHashMap<>();

	/**
	 * A tracker of at most {@value #DEFAULT_MAX_BACKENDS} backends.
	 * @param weight the share of a new sample in the average, greater than 0 and at most 1
	 * (1 keeps only the last sample)
	 * @param healthScore how a smoothed latency becomes a score
	 */
	public EwmaLatencyTracker(double weight, HealthScore healthScore) {
		this(weight, healthScore, DEFAULT_MAX_BACKENDS);
	}

	/**
	 * @param weight the share of a new sample in the average, greater than 0 and at most 1
	 * (1 keeps only the last sample)
	 * @param healthScore how a smoothed latency becomes a score
	 * @param maxBackends the most backends followed, at least 1
	 */
	public EwmaLatencyTracker(double weight, HealthScore healthScore, int maxBackends) {
		if (!(weight > 0 && weight <= 1)) {
			throw new IllegalArgumentException("weight: " + weight + " (expected: > 0 and <= 1)");
		}
		if (maxBackends < 1) {
			throw new IllegalArgumentException("maxBackends: " + maxBackends + " (expected: > 0)");
		}
		this.weight = weight;
		this.healthScore = Objects.requireNonNull(healthScore, "healthScore");
		this.unmeasuredScore = healthScore.score(Duration.ZERO);
		this.maxBackends = maxBackends;
	}

	@Override
	public void record(String backendId, Duration rtt) {
		Objects.requireNonNull(backendId, "backendId");
		if (rtt.isNegative()) {
			throw new IllegalArgumentException("rtt: " + rtt + " (expected: >= 0)");
		}
		Estimate estimate = this.estimates.get(backendId);
		if (estimate == null) {
			estimate = add(backendId);
		}
		estimate.add(rtt.toNanos());
	}

	/** The estimate of a backend not followed yet, making room for it first; rare, so locked. */
	private synchronized Estimate add(String backendId) {
		Estimate estimate = this.estimates.get(backendId);
		if (estimate != null) {
			return estimate;
		}
		if (this.estimates.size() >= this.maxBackends) {
			forgetLeastRecentlyMeasured(Math.max(1, this.maxBackends / 8));
		}
		estimate = new Estimate();
		this.estimates.put(backendId, estimate);
		return estimate;
	}

	private void forgetLeastRecentlyMeasured(int count) {
		// A snapshot of the times: samples that come in meanwhile must not reorder the sort.
		List<Measured> oldest = new ArrayList<>(this.estimates.size());
		this.estimates.forEach((id, estimate) -> oldest.add(new Measured(id, estimate, estimate.measuredAt)));
		oldest.sort(Comparator.comparingLong(Measured::at));
		for (int i = 0; i < count && i < oldest.size(); i++) {
			this.estimates.remove(oldest.get(i).id(), oldest.get(i).estimate());
		}
	}

	private record Measured(String id, Estimate estimate, long at) {
	}

	/** How many backends are followed now. */
	public int size() {
		return this.estimates.size();
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
		return "EwmaLatencyTracker[weight=" + this.weight + ", backends=" + this.estimates.size() + "/"
				+ this.maxBackends + "]";
	}

	/** One backend's average and score; samples of one backend may come from several probes. */
	private final class Estimate {

		private volatile long nanos;

		// Readers may find the estimate before its first sample is in.
		private volatile double score = EwmaLatencyTracker.this.unmeasuredScore;

		private boolean measured;

		// When the last sample came in: the least recent go first when the cap is reached.
		private volatile long measuredAt = System.nanoTime();

		synchronized void add(long sample) {
			this.measuredAt = System.nanoTime();
			long smoothed = this.measured ? Math.round(EwmaLatencyTracker.this.weight * sample
					+ (1 - EwmaLatencyTracker.this.weight) * this.nanos) : sample;
			this.measured = true;
			this.nanos = smoothed;
			this.score = EwmaLatencyTracker.this.healthScore.score(Duration.ofNanos(smoothed));
		}

	}

}
