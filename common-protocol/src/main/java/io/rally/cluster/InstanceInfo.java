package io.rally.cluster;

import java.util.List;

/**
 * One registered service instance.
 *
 * @param id the instance id, unique in the cluster
 * @param kind gate, node or mesh
 * @param group the node group (e.g. {@code lobby}, {@code battle}); users bind per group
 * @param state readiness for new traffic
 * @param weight relative share for weighted dispatch, at least 1
 * @param endpoint where the instance is reached ({@code host:port}, or {@code local})
 * @param routes the routes a node serves; empty for gates and meshes
 */
public record InstanceInfo(String id, InstanceKind kind, String group, InstanceState state, int weight,
		String endpoint, List<RouteInfo> routes) {

	public InstanceInfo {
		routes = List.copyOf(routes);
		if (weight < 1) {
			throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
		}
	}

	/** A copy in another state. */
	public InstanceInfo withState(InstanceState newState) {
		return new InstanceInfo(this.id, this.kind, this.group, newState, this.weight, this.endpoint, this.routes);
	}

}
