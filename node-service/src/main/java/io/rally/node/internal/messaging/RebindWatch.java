package io.rally.node.internal.messaging;

import io.rally.cluster.event.ClusterEvent.UserBoundToNode;
import io.rally.cluster.event.ClusterEventBus;

/**
 * Stops counting a user as bound to this node once the locator reports it bound to another
 * node of this node's group: a user a gate moved elsewhere (to drain this node) or another node
 * took over sends this node nothing more, so a stopping node must not wait for it. Without an
 * event bus it does nothing, and moved users count until they disconnect. {@link #close()} ends
 * the subscription.
 */
public final class RebindWatch implements AutoCloseable {

	private final AutoCloseable subscription;

	/**
	 * @param events the cluster's event bus, or {@code null} if there is none
	 */
	public RebindWatch(ClusterEventBus events, String nodeId, String group, BoundUsers boundUsers) {
		this.subscription = (events == null) ? null : events.subscribe(UserBoundToNode.class, (event) -> {
			if (event.group().equals(group) && !event.nodeId().equals(nodeId)) {
				boundUsers.left(event.userId());
			}
		});
	}

	@Override
	public void close() throws Exception {
		if (this.subscription != null) {
			this.subscription.close();
		}
	}

}
