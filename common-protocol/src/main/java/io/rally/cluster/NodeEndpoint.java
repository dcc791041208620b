package io.rally.cluster;

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

}
