package io.rally.gate.dispatch;

import java.util.concurrent.ThreadLocalRandom;

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
	};

	/** A selector that applies this strategy. */
	public abstract NodeSelector selector();

}
