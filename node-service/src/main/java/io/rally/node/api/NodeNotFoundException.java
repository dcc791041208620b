package io.rally.node.api;

/**
 * Fails a {@linkplain Messenger#deliver node-to-node message} whose {@link NodeTarget} names no
 * registered node: an unknown instance id, a user not bound in the group, or a binding to a
 * node that has left.
 */
public class NodeNotFoundException extends RuntimeException {

	private final NodeTarget target;

	public NodeNotFoundException(NodeTarget target, String message) {
		super(message);
		this.target = target;
	}

	/** The target that named no node. */
	public NodeTarget target() {
		return this.target;
	}

}
