package io.rally.node.api;

import io.rally.cluster.InstanceState;

/**
 * This node's identity and its state as gates see it. Thread-safe.
 */
public interface NodeControl {

	/** This node's instance id. */
	String nodeId();

	/** The node group this node belongs to. */
	String group();

	/** The state this node is registered in. */
	InstanceState state();

	/**
	 * Changes the state and registers the node again so that gates see it, for example
	 * {@link InstanceState#HANG} to stop receiving new stateless traffic before an upgrade.
	 */
	void setState(InstanceState state);

}
