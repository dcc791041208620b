package io.rally.cluster.grpc;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.NodeEndpoint;
import io.rally.cluster.ReturnPath;
import io.rally.cluster.grpc.NodeUnavailableException.Reason;

/** Client messages of gate {@code gate-1} for the link tests, and what a node's refusal says. */
final class LinkMessages {

	private LinkMessages() {
	}

	/** A message on route 3 of connection {@code connectionId}, with a payload naming its seq. */
	static ClientMessage message(ReturnPath path, long connectionId, int seq) {
		return new ClientMessage("gate-1", connectionId, 0, "10.0.0.1", 3, seq, GrpcLinksTest.bytes("m" + seq), path);
	}

	/** Why {@code node} refused {@code message}, {@code null} if it took it. */
	static Reason deliverFails(NodeEndpoint node, ClientMessage message) {
		try {
			node.deliver(message);
			return null;
		}
		catch (NodeUnavailableException ex) {
			return ex.getReason();
		}
	}

}
