package io.rally.node.internal.messaging;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.rally.cluster.ClientMessage;
import io.rally.cluster.ClusterTransport;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.Locator;
import io.rally.node.api.NodeNotFoundException;
import io.rally.node.api.NodeTarget;

/**
 * Hands client messages made up by this node to other nodes: resolves a {@link NodeTarget}
 * through the locator and the registry, then delivers through the transport's
 * {@link io.rally.cluster.NodeEndpoint}, as a gate would. The registry is asked on every
 * message rather than watched: node-to-node messages are rare next to client messages, and a
 * registry's list is cheap. Thread-safe.
 */
final class NodeDelivery {

	private final InstanceRegistry registry;

	private final ClusterTransport transport;

	private final Locator locator;

	NodeDelivery(InstanceRegistry registry, ClusterTransport transport, Locator locator) {
		this.registry = registry;
		this.transport = transport;
		this.locator = locator;
	}

	/** Delivers {@code message} to the node {@code target} names. */
	CompletableFuture<Void> deliver(NodeTarget target, ClientMessage message) {
		return resolve(target).thenAccept((node) -> this.transport.node(node).deliver(message));
	}

	/** The gate the locator has for {@code userId}, or empty. */
	CompletableFuture<String> gateOf(long userId) {
		if (userId == 0) {
			return CompletableFuture.completedFuture("");
		}
		return this.locator.gateOf(userId).thenApply((gate) -> gate.orElse(""));
	}

	private CompletableFuture<InstanceInfo> resolve(NodeTarget target) {
		if (target instanceof NodeTarget.Instance instance) {
			return registered(target, instance.nodeId(), "No node '" + instance.nodeId() + "' is registered");
		}
		NodeTarget.BoundNode bound = (NodeTarget.BoundNode) target;
		String user = "User " + bound.userId();
		String group = " of group '" + bound.group() + "'";
		return this.locator.nodeOf(bound.userId(), bound.group())
			.thenCompose((nodeId) -> nodeId
				.map((id) -> registered(target, id, user + " is bound to node '" + id + "'" + group
						+ ", which is not registered"))
				.orElseGet(() -> notFound(target, user + " is not bound to a node" + group)));
	}

	private CompletableFuture<InstanceInfo> registered(NodeTarget target, String nodeId, String otherwise) {
		return find(nodeId).map(CompletableFuture::completedFuture).orElseGet(() -> notFound(target, otherwise));
	}

	private Optional<InstanceInfo> find(String nodeId) {
		return this.registry.instances(InstanceKind.NODE)
			.stream()
			.filter((node) -> node.id().equals(nodeId))
			.findFirst();
	}

	private static CompletableFuture<InstanceInfo> notFound(NodeTarget target, String message) {
		return CompletableFuture.failedFuture(new NodeNotFoundException(target, message));
	}

}
