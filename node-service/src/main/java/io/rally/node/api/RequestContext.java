package io.rally.node.api;

import java.util.concurrent.CompletableFuture;

/**
 * One client message being handled, with the means to answer it. A context belongs to one
 * message. It may be kept and used from other threads, for example to reply when asynchronous
 * work completes; such later calls are not ordered with the connection's later messages.
 */
public interface RequestContext {

	/** The gate the sending connection is on. */
	String gateId();

	/** The sending connection's id within its gate. */
	long connectionId();

	/** The user bound to the sending connection, {@code 0} if none; updated by {@link #bindUser}. */
	long userId();

	/** The message's route. */
	int route();

	/** The message's seq; {@code 0} for a one-way message, which gets no reply. */
	int seq();

	/** The client's remote address. */
	String clientIp();

	/** The raw payload; do not change it. */
	byte[] payload();

	/** The payload decoded by the node's {@link PayloadCodec}. */
	<T> T payloadAs(Class<T> type);

	/** The sender as a {@link SessionInfo}. */
	SessionInfo session();

	/**
	 * Sends {@code message}, encoded by the {@link PayloadCodec}, back to the sending connection
	 * on the same route and seq. Does nothing for a one-way message.
	 */
	void reply(Object message);

	/** Sends an error packet with {@code code} back on the same route and seq (not for one-way). */
	void replyError(int code, String message);

	/**
	 * Binds {@code userId} to the sending connection at its gate (a login); a previous
	 * connection of that user is closed by its gate.
	 * @return {@code true} if the connection was still open and is now bound
	 */
	CompletableFuture<Boolean> bindUser(long userId);

	/** Unbinds this context's user from its connection; the connection stays open. */
	CompletableFuture<Boolean> unbindUser();

	/**
	 * Binds this context's user to this node for this node's group, so that gates send the
	 * group's stateful routes of that user here. Fails if no user is bound.
	 */
	CompletableFuture<Void> bindNode();

	/** Removes this context's user's binding to this node, if it still is this node. */
	CompletableFuture<Boolean> unbindNode();

	/** The node's messenger, to reach other users. */
	Messenger messenger();

}
