package io.rally.gate.internal.dispatch;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.RouteInfo;
import io.rally.gate.api.dispatch.Candidates;
import io.rally.gate.api.dispatch.NodeSelector;

/**
 * One route as the gate dispatches it: its options, the node group that serves it and the
 * nodes ready for stateless traffic, those in WORK preferred over those in BUSY. Immutable
 * (apart from the selection cursors).
 *
 * @param info the route's options, as the first node (by id) that serves it declares them
 * @param group the group of that node, used to find the node a user is bound to
 * @param working the serving nodes in state WORK
 * @param busy the serving nodes in state BUSY
 */
public record Route(RouteInfo info, String group, Candidates working, Candidates busy) {

	public boolean stateful() {
		return this.info.stateful();
	}

	public boolean authorized() {
		return this.info.authorized();
	}

	public boolean internal() {
		return this.info.internal();
	}

	/** A node for a stateless packet, or {@code null} when none takes new traffic. */
	public InstanceInfo choose(NodeSelector selector) {
		if (!this.working.isEmpty()) {
			return selector.select(this.working);
		}
		if (!this.busy.isEmpty()) {
			return selector.select(this.busy);
		}
		return null;
	}

	/**
	 * A node other than {@code excluded} for a stateless packet that {@code excluded} refused,
	 * those in WORK first; {@code null} if there is none.
	 */
	public InstanceInfo another(InstanceInfo excluded) {
		InstanceInfo other = this.working.other(excluded);
		return (other != null) ? other : this.busy.other(excluded);
	}

}
