package io.rally.gate.api.dispatch;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.rally.cluster.InstanceInfo;
import io.rally.gate.api.health.LeastLatency;

/**
 * The nodes of one state that serve one route, prepared so that choosing one allocates
 * nothing: an array of nodes, their cumulative weights and a shared cursor. Immutable except
 * for the cursor. Thread-safe.
 */
public final class Candidates implements LeastLatency.Backends {

	private final InstanceInfo[] nodes;

	private final int[] cumulativeWeights;

	private final AtomicInteger cursor = new AtomicInteger();

	private Candidates(List<InstanceInfo> nodes) {
		this.nodes = nodes.toArray(new InstanceInfo[0]);
		this.cumulativeWeights = new int[this.nodes.length];
		int total = 0;
		for (int i = 0; i < this.nodes.length; i++) {
			total += this.nodes[i].weight();
			this.cumulativeWeights[i] = total;
		}
	}

	/**
	 * The candidates {@code nodes}, in this order; the gate builds them once per route table,
	 * not per packet.
	 */
	public static Candidates of(List<InstanceInfo> nodes) {
		return new Candidates(nodes);
	}

	@Override
	public int size() {
		return this.nodes.length;
	}

	public boolean isEmpty() {
		return this.nodes.length == 0;
	}

	public InstanceInfo get(int index) {
		return this.nodes[index];
	}

	/** The instance id of the node at {@code index}, under which the gate records its latency. */
	@Override
	public String backendId(int index) {
		return this.nodes[index].id();
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

	/**
	 * A node other than {@code excluded} (compared by id), starting at a random one so that
	 * the packets a failed node refuses spread over the rest; {@code null} if there is none.
	 * Leaves the cursor alone, so that round robin keeps its order.
	 */
	public InstanceInfo other(InstanceInfo excluded) {
		int size = this.nodes.length;
		int start = (size > 1) ? ThreadLocalRandom.current().nextInt(size) : 0;
		for (int i = 0; i < size; i++) {
			InstanceInfo node = this.nodes[(start + i) % size];
			if (!node.id().equals(excluded.id())) {
				return node;
			}
		}
		return null;
	}

	/** The next value of this candidate set's cursor, never negative. */
	public int next() {
		return this.cursor.getAndIncrement() & Integer.MAX_VALUE;
	}

}
