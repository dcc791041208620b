package io.rally.cluster;

import java.util.concurrent.CompletableFuture;

/**
 * What a gate calls on a node. Implementations return quickly: the node queues the work on its
 * own executor and never runs game logic on the caller's thread, which may be a network event
 * loop. Thread-safe.
 */
public interface NodeEndpoint {

	/** Hands a client message to the node; the reply, if any, goes back through a gate. */
	void deliver(ClientMessage message);

	/** Tells the node about a connection event. */
	void sessionEvent(SessionEvent event);

	/**
	 * Answers as soon as the node can, so that a gate can measure the round trip to it. The
	 * future completes when the node answered and fails when it cannot be reached. Added after
	 * the other operations: the default answers at once, which is right for a node in the
	 * caller's JVM.
	 */
	default CompletableFuture<Void> ping() {
		return CompletableFuture.completedFuture(null);
	}

}
