package io.rally.cluster;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

import io.rally.protocol.Packet;

/**
 * What a node calls on one gate. Every operation is asynchronous, because in cluster mode it is
 * a remote call; in standalone mode the futures are complete on return. Users are addressed by
 * user id, connections by the id their gate gave them. Thread-safe.
 *
 * <p>Channels are named groups of connections (a room, a guild) that each gate keeps for its
 * own connections: a node {@linkplain #subscribe subscribes} a user's connection on the gate the
 * user is bound to and {@linkplain #publish publishes} to every gate.
 */
public interface GateEndpoint {

	/**
	 * Binds {@code userId} to a connection of this gate. A connection this user had before,
	 * here or elsewhere, is closed: one user, one connection.
	 * @return {@code true} if the connection was still open and is now bound
	 */
	CompletableFuture<Boolean> bindUser(long connectionId, long userId);

	/** Unbinds a user from its connection; the connection stays open. */
	CompletableFuture<Boolean> unbindUser(long userId);

	/** Sends a packet to one connection; {@code false} if it is gone. */
	CompletableFuture<Boolean> pushToConnection(long connectionId, Packet packet);

	/** Sends a packet to the connection a user is bound to on this gate. */
	CompletableFuture<Boolean> pushToUser(long userId, Packet packet);

	/** Sends a packet to those of {@code userIds} bound on this gate; returns how many got it. */
	CompletableFuture<Integer> multicast(Collection<Long> userIds, Packet packet);

	/** Sends a packet to every bound user on this gate; returns how many got it. */
	CompletableFuture<Integer> broadcast(Packet packet);

	/** Closes a connection, telling the log why. */
	CompletableFuture<Boolean> disconnectConnection(long connectionId, String reason);

	/** Closes the connection a user is bound to (a kick). */
	CompletableFuture<Boolean> disconnectUser(long userId, String reason);

	/**
	 * Closes the connection a user is bound to here because the user logged in on another gate:
	 * what a gate that bound the user calls on the gate the locator had recorded before.
	 * Counted apart from kicks. Fenced: the connection is closed only if its login is older than
	 * {@code epoch} (the {@linkplain GateBinding#epoch() epoch} of the login that evicts it), so
	 * that a late or repeated eviction never closes a newer login.
	 * @return {@code true} if a connection was closed; {@code false} if the user has none here
	 * or its login is not older than {@code epoch}
	 */
	CompletableFuture<Boolean> evictDuplicateLogin(long userId, long epoch);

	/** Whether a user is bound to a connection on this gate. */
	CompletableFuture<Boolean> isOnline(long userId);

	/** How many users are bound on this gate. */
	CompletableFuture<Long> onlineCount();

	/**
	 * Adds the connection {@code userId} is bound to on this gate to {@code channel}. The
	 * subscription ends when the connection closes or the user is unbound from it.
	 * Subscribing again to a channel the connection is in changes nothing.
	 * @return {@code true} if the connection is in the channel now, {@code false} if the user
	 * is not bound on this gate; the future fails with {@link IllegalArgumentException} for a
	 * channel name that is empty or longer than the gate allows, and with
	 * {@link IllegalStateException} when the connection is in as many channels as the gate
	 * allows already
	 */
	CompletableFuture<Boolean> subscribe(String channel, long userId);

	/**
	 * Removes the connection {@code userId} is bound to on this gate from {@code channel}.
	 * @return {@code true} if the connection was in the channel
	 */
	CompletableFuture<Boolean> unsubscribe(String channel, long userId);

	/**
	 * Sends a packet to every connection of this gate in {@code channel}.
	 * @return how many connections got it
	 */
	CompletableFuture<Integer> publish(String channel, Packet packet);

}
