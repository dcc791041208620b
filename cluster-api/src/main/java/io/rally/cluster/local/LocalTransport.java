package io.rally.cluster.local;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.rally.cluster.ClusterTransport;
import io.rally.cluster.EndpointExporter;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.NodeEndpoint;

/**
 * The transport of standalone mode: gates and nodes in this JVM register their endpoints here
 * and call each other directly, without serialisation.
 */
public final class LocalTransport implements ClusterTransport, EndpointExporter {

	private final Map<String, NodeEndpoint> nodes = new ConcurrentHashMap<>();

	private final Map<String, GateEndpoint> gates = new ConcurrentHashMap<>();

	@Override
	public void exportNode(String instanceId, NodeEndpoint endpoint) {
		this.nodes.put(instanceId, endpoint);
	}

	@Override
	public void exportGate(String instanceId, GateEndpoint endpoint) {
		this.gates.put(instanceId, endpoint);
	}

	@Override
	public void unexport(String instanceId) {
		this.nodes.remove(instanceId);
		this.gates.remove(instanceId);
	}

	@Override
	public NodeEndpoint node(InstanceInfo node) {
		return lookup(this.nodes, node);
	}

	@Override
	public GateEndpoint gate(InstanceInfo gate) {
		return lookup(this.gates, gate);
	}

	private static <T> T lookup(Map<String, T> endpoints, InstanceInfo instance) {
		T endpoint = endpoints.get(instance.id());
		if (endpoint == null) {
			throw new IllegalStateException("No local endpoint for " + instance.kind() + " instance '" + instance.id()
					+ "'; standalone mode reaches only instances in this JVM");
		}
		return endpoint;
	}

}
