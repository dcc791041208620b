package io.rally.node.api;

/**
 * Hears about client connections that reach this node. Every bean of this type is called, on
 * the worker that runs the connection's messages, so an event is ordered with the messages of
 * the same connection. Exceptions are logged and do not stop the other listeners.
 */
public interface SessionListener {

	/** A client connected. */
	default void onConnect(SessionInfo session) {
	}

	/** A user that was bound before bound again, on a new connection. */
	default void onReconnect(SessionInfo session) {
	}

	/** A client's connection closed. */
	default void onDisconnect(SessionInfo session) {
	}

}
