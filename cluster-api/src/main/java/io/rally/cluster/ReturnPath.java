package io.rally.cluster;

import java.util.concurrent.CompletableFuture;

import io.rally.protocol.Packet;

/**
 * The way back to the gate a {@link ClientMessage} came from, carried by the message so that
 * answering it needs no look-up of the gate. Whoever hands a message to a node sets it: a
 * gate sets its own, through which a node in the same JVM answers directly, and a transport
 * that carries the message to another JVM sets there the stream the message arrived on.
 *
 * <p>One object per gate or per stream, never one per message, so carrying it costs nothing.
 * Both methods are thread-safe and never block.
 */
public interface ReturnPath {

	/**
	 * Sends a packet to connection {@code connectionId} of the message's gate, behind the
	 * packets sent on this path before.
	 * @return completes with whether the packet was handed on ({@code false} if the
	 * connection is gone, as far as the path can tell); fails if the path could not take it
	 */
	CompletableFuture<Boolean> reply(long connectionId, Packet packet);

	/**
	 * Takes back a message that was handed on but will not reach its node: the link to the
	 * node failed while the message waited on it. A gate answers the client as it answers
	 * every message it could not deliver. Called at most once per message, on any thread.
	 */
	void undelivered(ClientMessage message);

}
