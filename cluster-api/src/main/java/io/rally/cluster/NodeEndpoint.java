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

	/**
	 * Whether the node takes messages from gate {@code gateId} now without their queue passing
	 * its high-water mark. A gate that finds a node not ready stops reading from the
	 * connections that feed it and {@linkplain #whenReady waits}, rather than handing it
	 * messages it would have to refuse. An endpoint with no queue of its own is always ready.
	 */
	default boolean isReady(String gateId) {
		return true;
	}

	/**
	 * Runs {@code task} once the queue of gate {@code gateId}'s messages has drained below its
	 * low-water mark, or now if it is ready; on a thread of the endpoint's, so the task must only
	 * hand work on (to an event loop, say). A queue that is emptied because its node went away
	 * releases its waiters too: the messages they then send fail as for any unreachable node.
	 */
	default void whenReady(String gateId, Runnable task) {
		task.run();
	}

}
