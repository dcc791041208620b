package io.rally.node.internal.lifecycle;

import java.util.List;
import java.util.function.Supplier;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.cluster.RouteInfo;

/**
 * This node's entry in the {@link InstanceRegistry}: what it is and in which state. The state
 * may change before the node registers; it is then registered in that state. Thread-safe.
 */
public final class NodeRegistration {

	private final InstanceRegistry registry;

	private final String nodeId;

	private final String group;

	private final int weight;

	private final Supplier<String> endpoint;

	private InstanceState state = InstanceState.WORK;

	private InstanceInfo registered;

	public NodeRegistration(InstanceRegistry registry, String nodeId, String group, int weight,
			Supplier<String> endpoint) {
		this.registry = registry;
		this.nodeId = nodeId;
		this.group = group;
		this.weight = weight;
		this.endpoint = endpoint;
	}

	public String nodeId() {
		return this.nodeId;
	}

	public String group() {
		return this.group;
	}

	public synchronized InstanceState state() {
		return this.state;
	}

	/** Changes the state, registering again if registered. */
	public synchronized void setState(InstanceState state) {
		this.state = state;
		if (this.registered != null) {
			this.registered = this.registered.withState(state);
			this.registry.register(this.registered);
		}
	}

	/** Registers the node with the routes it serves. */
	public synchronized void register(List<RouteInfo> routes) {
		this.registered = new InstanceInfo(this.nodeId, InstanceKind.NODE, this.group, this.state, this.weight,
				this.endpoint.get(), routes);
		this.registry.register(this.registered);
	}

	/** Removes the node from the registry, if registered. */
	public synchronized void deregister() {
		if (this.registered != null) {
			this.registry.deregister(this.nodeId);
			this.registered = null;
		}
	}

}
