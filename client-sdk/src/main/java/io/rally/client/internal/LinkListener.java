package io.rally.client.internal;

import io.rally.client.CloseEvent;
import io.rally.protocol.Packet;

/**
 * Receives the events of one {@link Link}, on the link's I/O thread, in this order: one
 * {@link #onOpen}, any number of {@link #onPacket}, at most one {@link #onClosed} (none when
 * the link never opened).
 */
public interface LinkListener {

	void onOpen(Link link);

	void onPacket(Packet packet);

	void onClosed(CloseEvent.Reason reason, Throwable cause);

}
