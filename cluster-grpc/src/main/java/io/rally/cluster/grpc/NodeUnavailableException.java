package io.rally.cluster.grpc;

/**
 * Thrown by {@link io.rally.cluster.NodeEndpoint#deliver} and
 * {@link io.rally.cluster.NodeEndpoint#sessionEvent} of a remote node when the message cannot
 * be taken: nothing was sent, and the gate should answer the client with an error. Unchecked,
 * so that the {@code NodeEndpoint} contract stays unchanged.
 */
public class NodeUnavailableException extends RuntimeException {

	private final String nodeId;

	private final Reason reason;

	public NodeUnavailableException(String nodeId, Reason reason) {
		super("Node '" + nodeId + "' cannot take the message: " + reason.description);
		this.nodeId = nodeId;
		this.reason = reason;
	}

	public String getNodeId() {
		return this.nodeId;
	}

	public Reason getReason() {
		return this.reason;
	}

	/** Why a message was not taken; {@link #tag()} is the reason tag of the failure metric. */
	public enum Reason {

		/** The stream to the node has as many messages waiting as allowed. */
		QUEUE_FULL("queue-full", "too many messages are waiting for the stream"),

		/** The stream to the node has been broken for longer than the reconnect grace. */
		UNREACHABLE("unreachable", "the node is unreachable"),

		/** The message is larger than a stream frame may be. */
		TOO_LARGE("too-large", "the message is too large"),

		/** The transport was closed. */
		CLOSED("closed", "the transport is closed");

		private final String tag;

		private final String description;

		Reason(String tag, String description) {
			this.tag = tag;
			this.description = description;
		}

		public String tag() {
			return this.tag;
		}

	}

}
