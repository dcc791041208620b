package io.rally.gate.internal.ops;

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
import io.rally.gate.api.ops.GateOperations;
import io.rally.gate.internal.session.SessionManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@link GateOperations} of one gate: rebinds the users bound here in the {@link Locator}
 * and hears the requests of other gates on the {@link ClusterEventBus}, topic
 * {@value GateOperations#MOVE_USERS_TOPIC}. Close it to stop hearing them. Thread-safe.
 */
public final class DefaultGateOperations implements GateOperations, AutoCloseable {

	private static final Log logger = LogFactory.getLog(DefaultGateOperations.class);

	private final SessionManager sessions;

	private final InstanceRegistry registry;

	private final Locator locator;

	private final ClusterEventBus events;

	private final AutoCloseable subscription;

	/**
	 * @param events the cluster's event bus, or {@code null} to act only when called here
	 */
	public DefaultGateOperations(SessionManager sessions, InstanceRegistry registry, Locator locator,
			ClusterEventBus events) {
		this.sessions = sessions;
		this.registry = registry;
		this.locator = locator;
		this.events = events;
		this.subscription = (events != null) ? events.subscribe(MOVE_USERS_TOPIC, this::moveRequested) : null;
	}

	@Override
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

	@Override
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
