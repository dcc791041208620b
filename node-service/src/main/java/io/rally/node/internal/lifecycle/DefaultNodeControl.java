package io.rally.node.internal.lifecycle;

import io.rally.cluster.InstanceState;
import io.rally.node.api.NodeControl;

/**
 * The default {@link NodeControl}, a view of the {@link NodeRegistration}.
 */
public final class DefaultNodeControl implements NodeControl {

	private final NodeRegistration registration;

	public DefaultNodeControl(NodeRegistration registration) {
		this.registration = registration;
	}

	@Override
	public String nodeId() {
		return this.registration.nodeId();
	}

	@Override
	public String group() {
		return this.registration.group();
	}

	@Override
	public InstanceState state() {
		return this.registration.state();
	}

	@Override
	public void setState(InstanceState state) {
		this.registration.setState(state);
	}

}
