package io.rally.node.api;

/**
 * Who is on the other end of a message or session event.
 *
 * @param gateId the gate instance the connection is on
 * @param connectionId the connection's id within that gate
 * @param userId the user bound to the connection, {@code 0} if none
 * @param clientIp the client's remote address
 */
public record SessionInfo(String gateId, long connectionId, long userId, String clientIp) {

}
