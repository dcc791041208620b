package io.rally.gate.api.dispatch;

import io.rally.cluster.InstanceInfo;
import io.rally.gate.api.health.LatencyTracker;
import io.rally.gate.api.health.LeastLatency;

/**
 * The {@code least-latency} strategy: the candidate with the best health score, at random
 * among those within the tolerance of it (see {@link LeastLatency}). Weights are not used.
 */
final class LeastLatencySelector implements NodeSelector {

	private final LatencyTracker tracker;

	private final double tolerance;

	LeastLatencySelector(LatencyTracker tracker, double tolerance) {
		this.tracker = tracker;
		this.tolerance = LeastLatency.checkTolerance(tolerance);
	}

	@Override
	public InstanceInfo select(Candidates candidates) {
		return candidates.get(LeastLatency.choose(this.tracker, candidates, this.tolerance));
	}

}
