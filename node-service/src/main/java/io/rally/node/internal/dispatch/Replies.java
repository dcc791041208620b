package io.rally.node.internal.dispatch;

import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.GateEndpoint;
import io.rally.cluster.ReturnPath;
import io.rally.node.internal.messaging.GateDirectory;
import io.rally.protocol.ErrorPacket;
import io.rally.protocol.Packet;

/**
 * Sends replies and error packets back to the connection a message came from: on the
 * message's {@link ReturnPath}, with no look-up, or, for a message a node made up (which has
 * none), to its gate found in the {@link GateDirectory}.
 */
final class Replies {

	private static final Log logger = LogFactory.getLog(Replies.class);

	private final GateDirectory gates;

	Replies(GateDirectory gates) {
		this.gates = gates;
	}

	/** Sends {@code packet} to the connection {@code message} came from. */
	void send(ClientMessage message, Packet packet) {
		String gateId = message.gateId();
		try {
			CompletableFuture<Boolean> sent = sendOnPath(message, packet);
			// The return paths of a gate and of a stream are done when they return: skip the
			// dependent future and the lambda that whenComplete would cost on every reply.
			if (sent != null && (!sent.isDone() || sent.isCompletedExceptionally())) {
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

	/** The push of {@code packet}, {@code null} if the message's gate cannot be reached. */
	private CompletableFuture<Boolean> sendOnPath(ClientMessage message, Packet packet) {
		ReturnPath path = message.returnPath();
		if (path != null) {
			return path.reply(message.connectionId(), packet);
		}
		GateEndpoint gate = this.gates.find(message.gateId());
		if (gate == null) {
			logger.debug("Dropped " + packet + " for connection " + message.connectionId() + ": gate '"
					+ message.gateId() + "' is not reachable");
			return null;
		}
		return gate.pushToConnection(message.connectionId(), packet);
	}

	private static void logFailure(String gateId, Packet packet, Throwable ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("Failed to send " + packet + " to gate '" + gateId + "'", ex);
		}
	}

	/** Sends an error packet answering {@code message}. */
	void sendError(ClientMessage message, int code, String text) {
		send(message, ErrorPacket.of(message.route(), message.seq(), code, text));
	}

}
