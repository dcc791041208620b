package io.rally.gate.api.dispatch;

import java.util.concurrent.ThreadLocalRandom;

import io.rally.gate.api.health.LatencyTracker;

/**
 * The built-in ways of spreading stateless packets over the nodes that serve a route.
 */
public enum DispatchStrategy {

	/** Any node, uniformly at random. */
	RANDOM {
		@Override
		public NodeSelector selector() {
			return (candidates) -> candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
		}
	},

	/** Each node in turn. */
	ROUND_ROBIN {
		@Override
		public NodeSelector selector() {
			return (candidates) -> candidates.get(candidates.next() % candidates.size());
		}
	},

	/** Each node in turn, as many times per cycle as its weight. */
	WEIGHTED_ROUND_ROBIN {
		@Override
		public NodeSelector selector() {
			return (candidates) -> candidates.atWeight(candidates.next() % candidates.totalWeight());
		}
	},

	/**
	 * The node with the best health score (round-trip latency, see
	 * {@link io.rally.gate.api.health}); nodes whose scores are within a small tolerance of the
	 * best share the packets at random.
	 */
	LEAST_LATENCY {
		/** Without a tracker every node scores the same, so this one chooses at random. */
		@Override
		public NodeSelector selector() {
			return RANDOM.selector();
		}

		@Override
		public NodeSelector selector(LatencyTracker latency, double tolerance) {
			return new LeastLatencySelector(latency, tolerance);
		}
	};

	/** A selector that applies this strategy. */
	public abstract NodeSelector selector();

	/**
	 * A selector that applies this strategy with the gate's latency measurements, which only
	 * {@link #LEAST_LATENCY} reads.
	 * @param latency the backends' health scores
	 * @param tolerance how far below the best score (a fraction of it) still counts as equal
	 */
	public NodeSelector selector(LatencyTracker latency, double tolerance) {
		return selector();
	}

}
