package io.rally.protocol;

/**
 * One unit of the client wire protocol: a data {@link Packet} or a {@link Heartbeat}.
 */
public sealed interface Frame permits Packet, Heartbeat {

}
