package io.rally.cluster.redis;

import java.util.Objects;

/**
 * One change of a binding, as announced to every {@link RedisLocator} of the cluster.
 *
 * @param type what changed
 * @param userId the user whose binding changed
 * @param group the node group for {@code NODE_*} types, {@code null} for {@code GATE_*} types
 * @param instanceId the gate or node now bound ({@code *_BOUND}), or the one whose binding was
 * removed ({@code *_UNBOUND})
 */
public record LocatorEvent(Type type, long userId, String group, String instanceId) {

	public LocatorEvent {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(instanceId, "instanceId");
		if (type.isNode() != (group != null)) {
			throw new IllegalArgumentException("group: " + group + " (expected: " + (type.isNode() ? "a group" : "null")
					+ " for " + type + ")");
		}
	}

	/** True if the event binds the user, false if it removes a binding. */
	public boolean isBound() {
		return this.type == Type.GATE_BOUND || this.type == Type.NODE_BOUND;
	}

	/** The kinds of change. */
	public enum Type {

		/** The user is now bound to {@code instanceId} as its gate (replacing any other gate). */
		GATE_BOUND,

		/** The user's gate binding to {@code instanceId} was removed. */
		GATE_UNBOUND,

		/** The user is now bound to node {@code instanceId} of {@code group}. */
		NODE_BOUND,

		/** The user's binding to node {@code instanceId} of {@code group} was removed. */
		NODE_UNBOUND;

		boolean isNode() {
			return this == NODE_BOUND || this == NODE_UNBOUND;
		}

	}

}
