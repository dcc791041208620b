package io.rally.gate.api.ops;

import java.util.concurrent.CompletableFuture;

/**
 * Operations on a running gate, for an actuator endpoint, a shell or an admin route to call.
 * Every gate has a bean of this type; define one of your own to replace it. Thread-safe.
 *
 * <h2>Moving users off a node (draining a shard)</h2>
 * <p>{@link #moveUsers} rebinds, in the cluster's locator, every user bound on this gate whose
 * node (in the group of the target node) is {@code fromNodeId} to {@code toNodeId}, so that
 * their next stateful packets go to the target. The locator announces each rebinding as it
 * announces a node's own {@code bindNode}: one {@code UserBoundToNode} cluster event naming the
 * new node, which also tells the old node that it lost the user. The rebinding replaces the
 * binding in one step, so no stateful packet finds the user unbound; a packet already on its
 * way to the old node still arrives there. Game state the old node keeps for a user does not
 * move: the application hands it over (for example on that event) or rebuilds it.
 *
 * <p>Each gate moves only its own users. {@link #moveUsersEverywhere} publishes the request on
 * the cluster's event bus, topic {@value #MOVE_USERS_TOPIC}, and every gate that hears it
 * (this one included) moves its users; without a bus, call {@link #moveUsers} on every gate.
 */
public interface GateOperations {

	/** The cluster event topic on which gates ask each other to move users. */
	String MOVE_USERS_TOPIC = "rally.gate.move-users";

	/**
	 * Rebinds the users of this gate bound to node {@code fromNodeId} to node {@code toNodeId}.
	 * @return completes with how many users were moved once every rebinding is recorded; fails
	 * if the locator failed for any user (the others are moved all the same)
	 * @throws IllegalArgumentException if {@code toNodeId} is not a registered node that takes
	 * traffic, if both are the same, or if {@code fromNodeId} is registered in another group
	 */
	CompletableFuture<Integer> moveUsers(String fromNodeId, String toNodeId);

	/**
	 * Asks every gate of the cluster, this one included, to {@link #moveUsers move} its users
	 * from {@code fromNodeId} to {@code toNodeId}. Returns once the request is published; each
	 * gate logs what it moved. Delivery is at most once, like every cluster event: a gate cut off
	 * from the bus meanwhile does not hear it.
	 * @throws IllegalArgumentException as {@link #moveUsers} does, checked on this gate first
	 * @throws IllegalStateException if this gate has no cluster event bus
	 */
	void moveUsersEverywhere(String fromNodeId, String toNodeId);

}
