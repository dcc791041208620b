package io.rally.cluster;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

import io.rally.protocol.Packet;

/**
 * What a node calls on one gate. Every operation is asynchronous, because in cluster mode it is
 * a remote call; in standalone mode the futures are complete on return. Users are addressed by
 * user id, connections by the id their gate gave them. Thread-safe.
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

	/** Whether a user is bound to a connection on this gate. */
	CompletableFuture<Boolean> isOnline(long userId);

	/** How many users are bound on this gate. */
	CompletableFuture<Long> onlineCount();

}
