package io.rally.gate.dispatch;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.rally.cluster.InstanceInfo;

/**
 * The nodes of one state that serve one route, prepared so that choosing one allocates
 * nothing: an array of nodes, their cumulative weights and a shared cursor. Immutable except
 * for the cursor. Thread-safe.
 */
public final class Candidates {

	private final InstanceInfo[] nodes;

	private final int[] cumulativeWeights;

	private final AtomicInteger cursor = new AtomicInteger();

	Candidates(List<InstanceInfo> nodes) {
		this.nodes = nodes.toArray(new InstanceInfo[0]);
		this.cumulativeWeights = new int[this.nodes.length];
		int total = 0;
		for (int i = 0; i < this.nodes.length; i++) {
			total += this.nodes[i].weight();
			this.cumulativeWeights[i] = total;
		}
	}

	public int size() {
		return this.nodes.length;
	}

	public boolean isEmpty() {
		return this.nodes.length == 0;
	}

	public InstanceInfo get(int index) {
		return this.nodes[index];
	}

	/** The sum of the nodes' weights. */
	public int totalWeight() {
		return (this.nodes.length == 0) ? 0 : this.cumulativeWeights[this.nodes.length - 1];
	}

	/** The node whose share of the total weight contains {@code point} (0 to total - 1). */
	public InstanceInfo atWeight(int point) {
		int low = 0;
		int high = this.nodes.length - 1;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (this.cumulativeWeights[middle] > point) {
				high = middle;
			}
			else {
				low = middle + 1;
			}
		}
		return this.nodes[low];
	}

	/** The next value of this candidate set's cursor, never negative. */
	public int next() {
		return this.cursor.getAndIncrement() & Integer.MAX_VALUE;
	}

}
