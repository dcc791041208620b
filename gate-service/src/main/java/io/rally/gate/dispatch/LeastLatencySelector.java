package io.rally.gate.dispatch;

import java.util.concurrent.ThreadLocalRandom;

import io.rally.cluster.InstanceInfo;
import io.rally.gate.health.LatencyTracker;

/**
 * Chooses the candidate with the best {@linkplain LatencyTracker#score health score}. Scores
 * within {@code tolerance} (a fraction of the best score) of the best count as equal, and one
 * of those is chosen uniformly at random: nodes that answer about as fast share the load, and
 * measurement noise does not send all traffic to whichever node was a little faster on its
 * last ping. Power-of-two-choices was the other candidate; it keeps sending a quarter of the
 * packets to the slower of two nodes, which is what this strategy is meant to avoid.
 *
 * <p>Two passes over the candidates (the best score, then a reservoir sample of the near-best)
 * and no allocation. Weights are not used.
 */
final class LeastLatencySelector implements NodeSelector {

	private final LatencyTracker tracker;

	private final double tolerance;

	LeastLatencySelector(LatencyTracker tracker, double tolerance) {
		if (!(tolerance >= 0 && tolerance < 1)) {
			throw new IllegalArgumentException("tolerance: " + tolerance + " (expected: >= 0 and < 1)");
		}
		this.tracker = tracker;
		this.tolerance = tolerance;
	}

	@Override
	public InstanceInfo select(Candidates candidates) {
		int size = candidates.size();
		if (size == 1) {
			return candidates.get(0);
		}
		double best = Double.NEGATIVE_INFINITY;
		int bestIndex = 0;
		for (int i = 0; i < size; i++) {
			double score = this.tracker.score(candidates.get(i).id());
			if (score > best) {
				best = score;
				bestIndex = i;
			}
		}
		double threshold = best - Math.abs(best) * this.tolerance;
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int chosen = bestIndex;
		int near = 0;
		for (int i = 0; i < size; i++) {
			// Scores may change between the passes; the best of the first pass stands if none is near now.
			if (this.tracker.score(candidates.get(i).id()) >= threshold && random.nextInt(++near) == 0) {
				chosen = i;
			}
		}
		return candidates.get(chosen);
	}

}
