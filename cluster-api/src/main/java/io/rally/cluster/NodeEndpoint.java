package io.rally.cluster;

import java.util.concurrent.CompletableFuture;

/**
 * What a gate calls on a node. Implementations return quickly: the node queues the work on its
 * own executor and never runs game logic on the caller's thread, which may be a network event
 * loop. Thread-safe.
 */
public interface NodeEndpoint {

	/**
	 * Hands a client message to the node. The replies, if any, go back on the message's
	 * {@link ClientMessage#returnPath() return path}, or to its gate found by id when it has
	 * none.
	 */
	void deliver(ClientMessage message);

	/** Tells the node about a connection event. */
	void sessionEvent(SessionEvent event);

	/**
	 * Answers as soon as the node can, so that a gate can measure the round trip to it. The
	 * future completes when the node answered and fails when it cannot be reached.
	 */
	CompletableFuture<Void> ping();

}
