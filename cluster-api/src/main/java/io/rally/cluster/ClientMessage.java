package io.rally.cluster;

/**
 * A client's data packet on its way from a gate to a node, with the identity of its sender.
 *
 * @param gateId the gate instance the client is connected to
 * @param connectionId the connection's id, unique within its gate
 * @param userId the user bound to the connection, {@code 0} if none
 * @param clientIp the client's remote address
 * @param route the packet's route
 * @param seq the packet's seq, to be echoed on the reply; 0 for one-way
 * @param payload the payload, owned by the message
 */
public record ClientMessage(String gateId, long connectionId, long userId, String clientIp, int route, int seq,
		byte[] payload) {

	/** Whether a user is bound to the sending connection. */
	public boolean authenticated() {
		return this.userId != 0;
	}

}
