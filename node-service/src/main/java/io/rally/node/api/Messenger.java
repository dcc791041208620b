package io.rally.node.api;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Reaches users and connections on any gate from a node, and other nodes. Messages are encoded
 * by the node's {@link PayloadCodec} and sent as one-way packets (seq 0). Every operation is
 * asynchronous; in standalone mode the futures are usually complete on return. A bean,
 * injectable anywhere in a node. Thread-safe.
 *
 * <h2>Channels</h2>
 * <p>A channel is a named group of connections (a room, a guild), kept by the gates: each gate
 * knows which of its connections are in which channel. {@link #subscribe} puts the connection
 * a user is bound to in a channel at that user's gate; {@link #publish} asks every gate to send
 * to its connections in the channel. A subscription belongs to the user on that connection: it
 * ends when the connection closes or the user is unbound from it, so a user who reconnects has
 * to be subscribed again (a {@link SessionListener#onReconnect} is a good place). Gates bound
 * channel names ({@code rally.gate.channels.max-name-length}) and how many channels one
 * connection may be in ({@code rally.gate.channels.max-per-connection}); beyond them
 * {@code subscribe} fails.
 *
 * <h2>Node-to-node messages</h2>
 * <p>{@link #deliver(NodeTarget, RequestContext, int, Object) deliver} hands a message to another
 * node as if a client had sent it: the target node's handler for {@code route} runs with the
 * sender's gate, connection and user in its {@link RequestContext}, so it can answer that
 * client itself. Routes meant only for nodes are declared {@link Route#internal() internal}, so
 * that gates refuse them from clients. The messages of one connection keep their order on the
 * target. Delivery is at most once: the future completes when the target node has taken the
 * message, not when it was handled, and fails with {@link NodeNotFoundException} when the
 * target names no registered node.
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

	/**
	 * Adds the connection {@code userId} is bound to, on whichever gate, to {@code channel}.
	 * @return {@code true} if the connection is in the channel now, {@code false} if the user is
	 * not online; fails when the gate refuses the name or the connection is in too many channels
	 */
	CompletableFuture<Boolean> subscribe(String channel, long userId);

	/**
	 * Removes the connection {@code userId} is bound to from {@code channel}.
	 * @return {@code true} if it was in the channel
	 */
	CompletableFuture<Boolean> unsubscribe(String channel, long userId);

	/** Sends to every connection in {@code channel} on every gate; returns how many got it. */
	CompletableFuture<Integer> publish(String channel, int route, Object message);

	/**
	 * Hands {@code message} to another node as a one-way message (seq 0) on {@code route} from
	 * the client that sent {@code from}: the target sees that client's gate, connection, user
	 * and address.
	 * @return completes when the target node has taken the message
	 */
	CompletableFuture<Void> deliver(NodeTarget target, RequestContext from, int route, Object message);

	/**
	 * Like {@link #deliver(NodeTarget, RequestContext, int, Object) deliver}, but keeps the seq of
	 * {@code from}, so that the target node's reply answers the client's request. The handler
	 * that forwards must then not answer it too (return {@code null}). The reply goes out on
	 * {@code route}, with the request's seq.
	 * @return completes when the target node has taken the message
	 */
	CompletableFuture<Void> forward(NodeTarget target, RequestContext from, int route, Object message);

	/**
	 * Hands {@code message} to another node as a one-way message on {@code route} on behalf of
	 * {@code userId} ({@code 0} for none), without a client request: the target sees the user
	 * and the gate the locator has for it, connection id {@code 0} and an empty address. To
	 * reach the user, the target {@linkplain #push pushes} to it.
	 * @return completes when the target node has taken the message
	 */
	CompletableFuture<Void> deliver(NodeTarget target, long userId, int route, Object message);

}
