package io.rally.node.api;

/**
 * Which node a {@link Messenger#deliver node-to-node message} goes to: one instance by its id,
 * or the node of a group a user is bound to.
 */
public sealed interface NodeTarget {

	/** The node instance {@code nodeId}, in whatever group. */
	static NodeTarget instance(String nodeId) {
		return new Instance(nodeId);
	}

	/** The node of {@code group} that {@code userId} is bound to, looked up in the locator when sent. */
	static NodeTarget boundNode(long userId, String group) {
		return new BoundNode(userId, group);
	}

	/**
	 * One node instance.
	 *
	 * @param nodeId the instance id
	 */
	record Instance(String nodeId) implements NodeTarget {

		public Instance {
			if (nodeId == null || nodeId.isEmpty()) {
				throw new IllegalArgumentException("nodeId: '" + nodeId + "' (expected: a node instance id)");
			}
		}

	}

	/**
	 * The node a user is bound to in one group.
	 *
	 * @param userId the user
	 * @param group the node group
	 */
	record BoundNode(long userId, String group) implements NodeTarget {

		public BoundNode {
			if (userId == 0) {
				throw new IllegalArgumentException("userId: 0 (expected: not 0, which means no user)");
			}
			if (group == null || group.isEmpty()) {
				throw new IllegalArgumentException("group: '" + group + "' (expected: a node group)");
			}
		}

	}

}
