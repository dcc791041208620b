package io.rally.cluster.event;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

import io.rally.cluster.InstanceInfo;

/**
 * Something that happened in the cluster, as delivered by a {@link ClusterEventBus}. Events
 * describe changes; the state they change is read from the
 * {@link io.rally.cluster.Locator} and the {@link io.rally.cluster.InstanceRegistry}.
 *
 * <p>Subscribe to one record type, to {@link UserEvent} or {@link InstanceEvent} for a family,
 * or to {@code ClusterEvent} itself for everything.
 */
public sealed interface ClusterEvent {

	/** A change of where a user is bound, as the {@link io.rally.cluster.Locator} records it. */
	sealed interface UserEvent extends ClusterEvent {

		long userId();

	}

	/** A change of the instances the {@link io.rally.cluster.InstanceRegistry} lists. */
	sealed interface InstanceEvent extends ClusterEvent {

		/** The instance as it is now, or as it was last seen if it left. */
		InstanceInfo instance();

	}

	/**
	 * The user is now bound to {@code gateId}. Binding a user who was on another gate reports
	 * only this event: it implies that the user left the other gate.
	 */
	record UserOnline(long userId, String gateId) implements UserEvent {

		public UserOnline {
			Objects.requireNonNull(gateId, "gateId");
		}

	}

	/** The user's binding to {@code gateId} was removed. */
	record UserOffline(long userId, String gateId) implements UserEvent {

		public UserOffline {
			Objects.requireNonNull(gateId, "gateId");
		}

	}

	/** The user is now bound to node {@code nodeId} of {@code group} (replacing any other). */
	record UserBoundToNode(long userId, String group, String nodeId) implements UserEvent {

		public UserBoundToNode {
			Objects.requireNonNull(group, "group");
			Objects.requireNonNull(nodeId, "nodeId");
		}

	}

	/** The user's binding to node {@code nodeId} of {@code group} was removed. */
	record UserUnboundFromNode(long userId, String group, String nodeId) implements UserEvent {

		public UserUnboundFromNode {
			Objects.requireNonNull(group, "group");
			Objects.requireNonNull(nodeId, "nodeId");
		}

	}

	/** An instance of an id not listed before was registered. */
	record InstanceJoined(InstanceInfo instance) implements InstanceEvent {

		public InstanceJoined {
			Objects.requireNonNull(instance, "instance");
		}

	}

	/** A listed instance is gone; {@code instance} is how it was last listed. */
	record InstanceLeft(InstanceInfo instance) implements InstanceEvent {

		public InstanceLeft {
			Objects.requireNonNull(instance, "instance");
		}

	}

	/**
	 * A listed instance is now in another {@link io.rally.cluster.InstanceState}. Other changes
	 * of its registration (weight, routes, endpoint) are not reported.
	 */
	record InstanceStateChanged(InstanceInfo before, InstanceInfo after) implements InstanceEvent {

		public InstanceStateChanged {
			Objects.requireNonNull(before, "before");
			Objects.requireNonNull(after, "after");
		}

		@Override
		public InstanceInfo instance() {
			return this.after;
		}

	}

	/**
	 * An event of a user-defined topic, published with {@link ClusterEventBus#publish}. Topics
	 * are 1 to 128 characters of {@code A-Z a-z 0-9 . _ - :}. The payload is the application's
	 * own encoding; {@link ClusterEventBus#publish} copies it, and all listeners of one event
	 * share one array, which they must not change. Equal when topic and payload bytes are equal.
	 */
	record CustomEvent(String topic, byte[] payload) implements ClusterEvent {

		private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

		public CustomEvent {
			checkTopic(topic);
			Objects.requireNonNull(payload, "payload");
		}

		/** Returns {@code topic} if it is a valid topic name, or throws IllegalArgumentException. */
		public static String checkTopic(String topic) {
			if (topic == null || !TOPIC.matcher(topic).matches()) {
				throw new IllegalArgumentException(
						"topic: '" + topic + "' (expected: 1 to 128 characters of A-Z a-z 0-9 . _ - :)");
			}
			return topic;
		}

		@Override
		public boolean equals(Object other) {
			return this == other || (other instanceof CustomEvent that && this.topic.equals(that.topic)
					&& Arrays.equals(this.payload, that.payload));
		}

		@Override
		public int hashCode() {
			return 31 * this.topic.hashCode() + Arrays.hashCode(this.payload);
		}

		@Override
		public String toString() {
			return "CustomEvent[topic=" + this.topic + ", payload=" + this.payload.length + " bytes]";
		}

	}

}
