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
 * @param services the full names of the gRPC services a mesh provides (e.g.
 * {@code rally.mesh.wallet.Wallet}); empty for gates and nodes
 * @param relayEndpoint where a transparent gate may relay players' connections to this
 * instance ({@code host:port}), never its link endpoint; {@code null} when it takes no relayed
 * connections, and then it is never a relay backend
 */
public record InstanceInfo(String id, InstanceKind kind, String group, InstanceState state, int weight,
		String endpoint, List<RouteInfo> routes, List<String> services, String relayEndpoint) {

	public InstanceInfo {
		routes = List.copyOf(routes);
		services = List.copyOf(services);
		if (weight < 1) {
			throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
		}
	}

	/** An instance without a relay endpoint. */
	public InstanceInfo(String id, InstanceKind kind, String group, InstanceState state, int weight, String endpoint,
			List<RouteInfo> routes, List<String> services) {
		this(id, kind, group, state, weight, endpoint, routes, services, null);
	}

	/** An instance that provides no mesh services and has no relay endpoint: a gate or a node. */
	public InstanceInfo(String id, InstanceKind kind, String group, InstanceState state, int weight, String endpoint,
			List<RouteInfo> routes) {
		this(id, kind, group, state, weight, endpoint, routes, List.of());
	}

	/** A copy in another state. */
	public InstanceInfo withState(InstanceState newState) {
		return new InstanceInfo(this.id, this.kind, this.group, newState, this.weight, this.endpoint, this.routes,
				this.services, this.relayEndpoint);
	}

	/** A copy with another relay endpoint ({@code null} for none). */
	public InstanceInfo withRelayEndpoint(String newRelayEndpoint) {
		return new InstanceInfo(this.id, this.kind, this.group, this.state, this.weight, this.endpoint, this.routes,
				this.services, newRelayEndpoint);
	}

	/** Whether this instance lists the gRPC service of that full name. */
	public boolean provides(String serviceName) {
		return this.services.contains(serviceName);
	}

}
