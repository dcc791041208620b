package io.rally.cluster;

/**
 * Reaches other instances. Endpoints returned for the same instance may be cached and shared;
 * callers must not close them. Thread-safe.
 */
public interface ClusterTransport {

	/** The endpoint of a node instance. */
	NodeEndpoint node(InstanceInfo node);

	/** The endpoint of a gate instance. */
	GateEndpoint gate(InstanceInfo gate);

}
