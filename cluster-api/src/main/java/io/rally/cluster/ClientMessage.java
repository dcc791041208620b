package io.rally.cluster;

/**
 * A client's data packet on its way from a gate to a node, with the identity of its sender
 * and the way back to it.
 *
 * @param gateId the gate instance the client is connected to
 * @param connectionId the connection's id, unique within its gate
 * @param userId the user bound to the connection, {@code 0} if none
 * @param clientIp the client's remote address
 * @param route the packet's route
 * @param seq the packet's seq, to be echoed on the reply; 0 for one-way
 * @param payload the payload, owned by the message
 * @param returnPath where the replies go, and the message itself if it cannot be delivered:
 * set by whoever hands the message to a node (see {@link ReturnPath}); {@code null} for a
 * message a node made up, whose replies find the gate by {@code gateId}
 */
public record ClientMessage(String gateId, long connectionId, long userId, String clientIp, int route, int seq,
		byte[] payload, ReturnPath returnPath) {

	/** Whether a user is bound to the sending connection. */
	public boolean authenticated() {
		return this.userId != 0;
	}

}
