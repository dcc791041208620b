package io.rally.node.internal.lifecycle;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.rally.node.internal.messaging.BoundUsers;

/**
 * The gauges of a node's life: its state and the users bound to it. The state is a number
 * rather than a tag so that it stays one time series.
 */
public final class NodeGauges {

	static final String BOUND_USERS = "rally.node.bound.users";

	static final String STATE = "rally.node.state";

	private NodeGauges() {
	}

	/** Registers the gauges; does nothing without a registry. */
	public static void register(MeterRegistry registry, NodeRegistration registration, BoundUsers users) {
		if (registry == null) {
			return;
		}
		Gauge.builder(BOUND_USERS, users, BoundUsers::count)
			.description("Users bound to this node, whom a stopping node waits for")
			.register(registry);
		Gauge.builder(STATE, registration, (r) -> r.state().ordinal())
			.description("The node's registered state: 0 WORK, 1 BUSY, 2 HANG (draining), 3 SHUT")
			.register(registry);
	}

}
