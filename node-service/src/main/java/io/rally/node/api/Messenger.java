package io.rally.node.api;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Reaches users and connections on any gate from a node. Messages are encoded by the node's
 * {@link PayloadCodec} and sent as one-way packets (seq 0). Every operation is asynchronous; in
 * standalone mode the futures are usually complete on return. A bean, injectable anywhere in a
 * node. Thread-safe.
 */
public interface Messenger {

	/** Sends to the connection a user is bound to; {@code false} if the user is not online. */
	CompletableFuture<Boolean> push(long userId, int route, Object message);

	/** Sends to one connection of one gate; {@code false} if it is gone. */
	CompletableFuture<Boolean> pushToConnection(String gateId, long connectionId, int route, Object message);

	/** Sends to every online user among {@code userIds}; returns how many got it. */
	CompletableFuture<Integer> multicast(Collection<Long> userIds, int route, Object message);

	/** Sends to every online user on every gate; returns how many got it. */
	CompletableFuture<Integer> broadcast(int route, Object message);

	/** Closes a user's connection, telling its gate's log why. */
	CompletableFuture<Boolean> kick(long userId, String reason);

	/** Whether a user is bound to a connection on some gate. */
	CompletableFuture<Boolean> isOnline(long userId);

	/** How many users are bound on all gates together. */
	CompletableFuture<Long> onlineCount();

	/**
	 * Binds {@code userId} to a connection of a gate; a previous connection of that user is
	 * closed by its gate.
	 */
	CompletableFuture<Boolean> bindUser(String gateId, long connectionId, long userId);

	/** Unbinds a user from its connection; the connection stays open. */
	CompletableFuture<Boolean> unbindUser(long userId);

	/** Binds a user to this node for this node's group. */
	CompletableFuture<Void> bindNode(long userId);

	/** Removes a user's binding to this node for this node's group, if it still is this node. */
	CompletableFuture<Boolean> unbindNode(long userId);

}
