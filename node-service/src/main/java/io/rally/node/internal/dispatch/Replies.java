package io.rally.node.internal.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.rally.cluster.GateEndpoint;
import io.rally.node.internal.messaging.GateDirectory;
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
		send(gateId, connectionId, new Packet(route, seq, errorPayload(code, message), Packet.EXT_ERROR));
	}

	/** The UTF-8 JSON {@code {"code":…,"message":…}} of an error packet. */
	static byte[] errorPayload(int code, String message) {
		StringBuilder json = new StringBuilder(32 + ((message != null) ? message.length() : 0));
		json.append("{\"code\":").append(code).append(",\"message\":\"");
		String text = (message != null) ? message : "";
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
	}

}
