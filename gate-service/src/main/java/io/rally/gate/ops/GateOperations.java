package io.rally.gate.ops;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.InstanceState;
import io.rally.cluster.Locator;
import io.rally.cluster.event.ClusterEvent.CustomEvent;
import io.rally.cluster.event.ClusterEventBus;
import io.rally.gate.session.SessionManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Operations on a running gate. A bean.
 *
 * <h2>Moving users off a node (draining a shard)</h2>
 * <p>{@link #moveUsers} rebinds, in the {@link Locator}, every user bound on this gate whose
 * node (in the group of the target node) is {@code fromNodeId} to {@code toNodeId}, so that
 * their next stateful packets go to the target. The locator announces each rebinding as it
 * announces a node's own {@code bindNode}: one {@code UserBoundToNode} cluster event naming the
 * new node, which also tells the old node that it lost the user. The rebinding replaces the
 * binding in one step, so no stateful packet finds the user unbound; a packet already on its
 * way to the old node still arrives there. Game state the old node keeps for a user does not
 * move: the application hands it over (for example on that event) or rebuilds it.
 *
 * <p>Each gate moves only its own users. {@link #moveUsersEverywhere} publishes the request on
 * the {@link ClusterEventBus}, topic {@value #MOVE_USERS_TOPIC}, and every gate that hears it
 * (this one included) moves its users; without a bus, call {@link #moveUsers} on every gate.
 * Thread-safe.
 */
public final class GateOperations implements AutoCloseable {

	/** The cluster event topic on which gates ask each other to move users. */
	public static final String MOVE_USERS_TOPIC = "rally.gate.move-users";

	private static final Log logger = LogFactory.getLog(GateOperations.class);

	private final SessionManager sessions;

	private final InstanceRegistry registry;

	private final Locator locator;

	private final ClusterEventBus events;

	private final AutoCloseable subscription;

	/**
	 * @param events the cluster's event bus, or {@code null} to act only when called here
	 */
	public GateOperations(SessionManager sessions, InstanceRegistry registry, Locator locator,
			ClusterEventBus events) {
		this.sessions = sessions;
		this.registry = registry;
		this.locator = locator;
		this.events = events;
		this.subscription = (events != null) ? events.subscribe(MOVE_USERS_TOPIC, this::moveRequested) : null;
	}

	/**
	 * Rebinds the users of this gate bound to node {@code fromNodeId} to node {@code toNodeId}.
	 * @return completes with how many users were moved once every rebinding is recorded; fails
	 * if the locator failed for any user (the others are moved all the same)
	 * @throws IllegalArgumentException if {@code toNodeId} is not a registered node that takes
	 * traffic, if both are the same, or if {@code fromNodeId} is registered in another group
	 */
	public CompletableFuture<Integer> moveUsers(String fromNodeId, String toNodeId) {
		String group = checkMove(fromNodeId, toNodeId);
		AtomicInteger moved = new AtomicInteger();
		AtomicReference<Throwable> firstFailure = new AtomicReference<>();
		List<CompletableFuture<?>> rebinds = new ArrayList<>();
		for (long userId : List.copyOf(this.sessions.boundUserIds())) {
			rebinds.add(this.locator.nodeOf(userId, group).thenCompose((node) -> {
				if (!node.filter(fromNodeId::equals).isPresent()) {
					return CompletableFuture.completedFuture(null);
				}
				return this.locator.bindNode(userId, group, toNodeId).thenRun(moved::incrementAndGet);
			}).exceptionally((failure) -> {
				firstFailure.compareAndSet(null, failure);
				return null;
			}));
		}
		return CompletableFuture.allOf(rebinds.toArray(CompletableFuture[]::new)).thenApply((ignored) -> {
			Throwable failure = firstFailure.get();
			if (failure != null) {
				throw new IllegalStateException("Moved " + moved.get() + " users of this gate from node '" + fromNodeId
						+ "' to '" + toNodeId + "'; the locator failed for others", failure);
			}
			return moved.get();
		});
	}

	/**
	 * Asks every gate of the cluster, this one included, to {@link #moveUsers move} its users
	 * from {@code fromNodeId} to {@code toNodeId}. Returns once the request is published; each
	 * gate logs what it moved. Delivery is at most once, like every cluster event: a gate cut off
	 * from the bus meanwhile does not hear it.
	 * @throws IllegalArgumentException as {@link #moveUsers} does, checked on this gate first
	 * @throws IllegalStateException if this gate has no cluster event bus
	 */
	public void moveUsersEverywhere(String fromNodeId, String toNodeId) {
		checkMove(fromNodeId, toNodeId);
		if (this.events == null) {
			throw new IllegalStateException("This gate has no ClusterEventBus: call moveUsers on every gate instead");
		}
		this.events.publish(MOVE_USERS_TOPIC, (fromNodeId + "\n" + toNodeId).getBytes(StandardCharsets.UTF_8));
	}

	private String checkMove(String fromNodeId, String toNodeId) {
		Objects.requireNonNull(fromNodeId, "fromNodeId");
		Objects.requireNonNull(toNodeId, "toNodeId");
		if (fromNodeId.equals(toNodeId)) {
			throw new IllegalArgumentException("fromNodeId and toNodeId are both '" + toNodeId + "'");
		}
		InstanceInfo to = node(toNodeId);
		if (to == null || to.state() == InstanceState.SHUT) {
			throw new IllegalArgumentException("toNodeId: '" + toNodeId + "' (expected: a registered node that is not"
					+ " shutting down)");
		}
		InstanceInfo from = node(fromNodeId);
		if (from != null && !from.group().equals(to.group())) {
			throw new IllegalArgumentException("Node '" + fromNodeId + "' is in group '" + from.group() + "', node '"
					+ toNodeId + "' in group '" + to.group() + "' (expected: the same group)");
		}
		return to.group();
	}

	private InstanceInfo node(String id) {
		for (InstanceInfo node : this.registry.instances(InstanceKind.NODE)) {
			if (node.id().equals(id)) {
				return node;
			}
		}
		return null;
	}

	/** Runs on a thread of the bus, which may block; the rebinding itself does not. */
	private void moveRequested(CustomEvent event) {
		String[] nodes = new String(event.payload(), StandardCharsets.UTF_8).split("\n", -1);
		if (nodes.length != 2) {
			logger.warn("Ignoring a malformed request on " + MOVE_USERS_TOPIC);
			return;
		}
		try {
			moveUsers(nodes[0], nodes[1]).whenComplete((moved, failure) -> {
				if (failure != null) {
					logger.warn("Moving users from node '" + nodes[0] + "' to '" + nodes[1] + "' failed: " + failure);
				}
				else {
					logger.info("Moved " + moved + " users of this gate from node '" + nodes[0] + "' to '" + nodes[1]
							+ "'");
				}
			});
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Cannot move users as asked on " + MOVE_USERS_TOPIC + ": " + ex.getMessage());
		}
	}

	@Override
	public void close() throws Exception {
		if (this.subscription != null) {
			this.subscription.close();
		}
	}

}
