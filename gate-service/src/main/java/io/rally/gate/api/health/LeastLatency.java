package io.rally.gate.api.health;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses the backend with the best {@linkplain LatencyTracker#score health score} among
 * several. Scores within {@code tolerance} (a fraction of the best score) of the best count as
 * equal, and one of those is chosen uniformly at random: backends that answer about as fast
 * share the load, and measurement noise does not send all traffic to whichever backend was a
 * little faster on its last probe. (Power-of-two-choices, the usual alternative, keeps sending
 * a quarter of the traffic to the slower of two backends, which is what this is meant to avoid.)
 *
 * <p>Two passes over the backends (the best score, then a reservoir sample of the near-best),
 * no locks and no allocation, so it may run per packet on an event loop. Used by the
 * {@code least-latency} dispatch strategy for nodes; other kinds of backend (relay targets)
 * choose through the same method with their own {@link Backends}.
 */
public final class LeastLatency {

	private LeastLatency() {
	}

	/**
	 * The index of the chosen backend.
	 * @param backends the backends to choose from, at least one
	 * @param tolerance how far below the best score still counts as equal, {@code 0 <= tolerance < 1}
	 */
	public static int choose(LatencyTracker tracker, Backends backends, double tolerance) {
		int size = backends.size();
		if (size <= 1) {
			return 0;
		}
		double best = Double.NEGATIVE_INFINITY;
		int bestIndex = 0;
		for (int i = 0; i < size; i++) {
			double score = tracker.score(backends.backendId(i));
			if (score > best) {
				best = score;
				bestIndex = i;
			}
		}
		double threshold = best - Math.abs(best) * tolerance;
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int chosen = bestIndex;
		int near = 0;
		for (int i = 0; i < size; i++) {
			// Scores may change between the passes; the best of the first pass stands if none is near now.
			if (tracker.score(backends.backendId(i)) >= threshold && random.nextInt(++near) == 0) {
				chosen = i;
			}
		}
		return chosen;
	}

	/** Checks a tolerance for {@link #choose} and returns it. */
	public static double checkTolerance(double tolerance) {
		if (!(tolerance >= 0 && tolerance < 1)) {
			throw new IllegalArgumentException("tolerance: " + tolerance + " (expected: >= 0 and < 1)");
		}
		return tolerance;
	}

	/** An indexed set of backends, by the ids their latencies are recorded under. */
	public interface Backends {

		int size();

		String backendId(int index);

		/** The backends of a list of ids; build it once per set of backends, not per choice. */
		static Backends of(List<String> backendIds) {
			List<String> ids = List.copyOf(backendIds);
			return new Backends() {

				@Override
				public int size() {
					return ids.size();
				}

				@Override
				public String backendId(int index) {
					return ids.get(index);
				}

			};
		}

	}

}
