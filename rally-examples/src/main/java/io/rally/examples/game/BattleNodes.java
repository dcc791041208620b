package io.rally.examples.game;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.node.api.NodeTarget;
import io.rally.node.api.RallyException;
import io.rally.node.api.RequestContext;

/**
 * Which battle node runs a matchmaking queue: of the nodes in {@code WORK} that serve
 * {@link GameProtocol#SEAT}, the one with the highest hash of queue and node id (rendezvous
 * hashing). Every lobby node picks the same one without talking to the others, so players of
 * one queue meet on one node, and queues spread over the battle nodes; when a node joins or
 * leaves, only its share of the queues moves. Rooms already made stay where they are: their
 * ids name their node. Thread-safe.
 */
final class BattleNodes {

	private final InstanceRegistry registry;

	BattleNodes(InstanceRegistry registry) {
		this.registry = registry;
	}

	/** The queue's name if it is one: 1 to 32 letters, digits, '-' or '_'. */
	static String queueName(String queue) {
		if (queue == null || !queue.matches("[A-Za-z0-9_-]{1,32}")) {
			throw new RallyException(400, "queue: '" + queue + "' (expected: 1 to 32 letters, digits, '-' or '_')");
		}
		return queue;
	}

	/** The node that runs {@code queue}. */
	String nodeFor(String queue) {
		String chosen = null;
		long best = Long.MIN_VALUE;
		for (InstanceInfo node : this.registry.instances(InstanceKind.NODE)) {
			if (node.state() == InstanceState.WORK
					&& node.routes().stream().anyMatch((route) -> route.route() == GameProtocol.SEAT)) {
				long score = mix(queue + "|" + node.id());
				if (chosen == null || score > best) {
					chosen = node.id();
					best = score;
				}
			}
		}
		if (chosen == null) {
			throw new RallyException(503, "no battle node is up");
		}
		return chosen;
	}

	/**
	 * Hands the client's request to the node that runs {@code queue}, on an internal route;
	 * that node answers the client. The returned future completes with {@code null} (no reply
	 * from here) once the node has the request.
	 */
	CompletableFuture<Object> forward(RequestContext context, String queue, int route, Object request) {
		String node = nodeFor(queue);
		return context.messenger().forward(NodeTarget.instance(node), context, route, request).handle((done, failure) -> {
			if (failure != null) {
				throw new RallyException(503, "battle node '" + node + "' is gone", failure);
			}
			return null;
		});
	}

	// a 64-bit FNV-1a with a final mix: stable across JVMs, unlike String.hashCode's spread
	private static long mix(String key) {
		long hash = 0xcbf29ce484222325L;
		for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
			hash ^= b;
			hash *= 0x100000001b3L;
		}
		hash ^= (hash >>> 33);
		hash *= 0xff51afd7ed558ccdL;
		return hash ^ (hash >>> 33);
	}

}
