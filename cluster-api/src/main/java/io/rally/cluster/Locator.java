package io.rally.cluster;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where each user is bound: to one gate (the user's connection) and, per node group, to one
 * node (the user's stateful game logic). Asynchronous because cluster mode keeps it in Redis.
 * Thread-safe.
 */
public interface Locator {

	/** The gate a user is connected to. */
	CompletableFuture<Optional<String>> gateOf(long userId);

	/**
	 * Records the user's gate and takes the login's epoch, in one atomic step: the epoch is
	 * greater than that of every earlier {@code bindGate} of the user, whichever gate made it.
	 * @return the new epoch and the gate the user had before, if another
	 */
	CompletableFuture<GateBinding> bindGate(long userId, String gateId);

	/** Removes the user's gate if it still is {@code gateId}; {@code true} if removed. */
	CompletableFuture<Boolean> unbindGate(long userId, String gateId);

	/** The node of {@code group} a user is bound to. */
	CompletableFuture<Optional<String>> nodeOf(long userId, String group);

	/** Binds the user to a node of {@code group}. */
	CompletableFuture<Void> bindNode(long userId, String group, String nodeId);

	/** Removes the binding if it still is {@code nodeId}; {@code true} if removed. */
	CompletableFuture<Boolean> unbindNode(long userId, String group, String nodeId);

}
