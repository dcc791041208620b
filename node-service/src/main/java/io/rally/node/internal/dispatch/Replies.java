package io.rally.node.internal.dispatch;

import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.rally.cluster.GateEndpoint;
import io.rally.node.internal.messaging.GateDirectory;
import io.rally.protocol.ErrorPacket;
import io.rally.protocol.Packet;

/**
 * Sends replies and error packets back to the connection a message came from.
 */
final class Replies {

	private static final Log logger = LogFactory.getLog(Replies.class);

	private final GateDirectory gates;

	Replies(GateDirectory gates) {
		this.gates = gates;
	}

	void send(String gateId, long connectionId, Packet packet) {
		GateEndpoint gate = this.gates.find(gateId);
		if (gate == null) {
			logger.debug("Dropped " + packet + " for connection " + connectionId + ": gate '" + gateId
					+ "' is not reachable");
			return;
		}
		try {
			CompletableFuture<Boolean> sent = gate.pushToConnection(connectionId, packet);
			// In standalone mode the push is done when it returns: skip the dependent future and
			// the lambda that whenComplete would cost on every reply.
			if (!sent.isDone() || sent.isCompletedExceptionally()) {
				sent.whenComplete((result, ex) -> {
					if (ex != null) {
						logFailure(gateId, packet, ex);
					}
				});
			}
		}
		catch (RuntimeException ex) {
			logFailure(gateId, packet, ex);
		}
	}

	private static void logFailure(String gateId, Packet packet, Throwable ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Failed to send " + packet + " to gate '" + gateId + "'", ex);
		}
	}

	void sendError(String gateId, long connectionId, int route, int seq, int code, String message) {
		send(gateId, connectionId, ErrorPacket.of(route, seq, code, message));
	}

}
