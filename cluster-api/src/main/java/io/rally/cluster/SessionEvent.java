package io.rally.cluster;

/**
 * A change in a client connection's life, sent by its gate to the nodes that handle it.
 *
 * @param type what happened
 * @param gateId the gate the connection is on
 * @param connectionId the connection's id within that gate
 * @param userId the user bound to the connection, {@code 0} if none
 * @param clientIp the client's remote address
 */
public record SessionEvent(Type type, String gateId, long connectionId, long userId, String clientIp) {

	/** The kinds of session event. */
	public enum Type {

		/** A client connected. */
		CONNECT,

		/** A user that was bound before bound again, on a new connection. */
		RECONNECT,

		/** A client's connection closed. */
		DISCONNECT

	}

}
