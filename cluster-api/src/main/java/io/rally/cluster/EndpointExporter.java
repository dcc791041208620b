package io.rally.cluster;

/**
 * Makes a local endpoint reachable by other instances: in standalone mode by keeping it in
 * memory, in cluster mode by serving it over the network. An instance exports its endpoint
 * before it registers in the {@link InstanceRegistry} and unexports it after it deregistered.
 */
public interface EndpointExporter {

	void exportNode(String instanceId, NodeEndpoint endpoint);

	void exportGate(String instanceId, GateEndpoint endpoint);

	void unexport(String instanceId);

	/**
	 * Where other instances reach what this exporter serves, recorded as
	 * {@link InstanceInfo#endpoint()} when the instance registers: {@code host:port} of the
	 * cluster's gRPC server, or {@code local} in standalone mode.
	 */
	default String advertisedEndpoint() {
		return "local";
	}

}
